// Most wrappers are static inline in include/COpenSSL.h; this file holds the process set-up below.
#include "COpenSSL.h"
#include <openssl/rand.h>

// Runs once when the process starts, before any Swift code can call libcrypto (docs/decisions.md D32):
// - OPENSSL_INIT_NO_LOAD_CONFIG: the sealed appliance does not read the host's openssl.cnf (OPENSSL_CONF
//   or the system file), so no host configuration can add providers, change default properties or break
//   start-up; libcrypto runs with its built-in default provider only. It also saves ~0.4 ms per process.
// - HASH-DRBG over SHA-256 (NIST SP 800-90A, 256-bit security, like the default CTR-DRBG over AES-256) as
//   the DRBG type: its first instantiation needs no cipher fetch, 35 µs instead of ~0.5 ms, paid by every
//   process that signs (ECDSA nonces).
// Should either call fail, libcrypto stays with its defaults and the first call that needs it reports why.
__attribute__((constructor)) static void airlock_openssl_process_setup(void) {
    if (OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL) == 1) {
        (void)RAND_set_DRBG_type(NULL, "HASH-DRBG", NULL, NULL, "SHA256");
    }
}

const char *airlock_primary_drbg_name(void) {
    EVP_RAND_CTX *primary = RAND_get0_primary(NULL);
    return primary == NULL ? NULL : EVP_RAND_get0_name(EVP_RAND_CTX_get0_rand(primary));
}
