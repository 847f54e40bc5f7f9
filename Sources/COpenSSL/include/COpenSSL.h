// COpenSSL: the system OpenSSL 3 headers, plus wrappers for what Swift cannot import
// (function-like macros over STACK_OF, and a few variadic or macro-only calls).
// Only AirlockCrypto may import this module.
#ifndef AIRLOCK_COPENSSL_H
#define AIRLOCK_COPENSSL_H

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ct.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/rsa.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// STACK_OF(X509)
static inline STACK_OF(X509) *airlock_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int airlock_sk_X509_push(STACK_OF(X509) *sk, X509 *x) { return sk_X509_push(sk, x); }
static inline int airlock_sk_X509_num(const STACK_OF(X509) *sk) { return sk_X509_num(sk); }
static inline X509 *airlock_sk_X509_value(const STACK_OF(X509) *sk, int i) { return sk_X509_value(sk, i); }
static inline void airlock_sk_X509_free(STACK_OF(X509) *sk) { sk_X509_free(sk); }
static inline void airlock_sk_X509_pop_free(STACK_OF(X509) *sk) { sk_X509_pop_free(sk, X509_free); }

// STACK_OF(GENERAL_NAME)
static inline int airlock_sk_GENERAL_NAME_num(const GENERAL_NAMES *sk) { return sk_GENERAL_NAME_num(sk); }
static inline GENERAL_NAME *airlock_sk_GENERAL_NAME_value(const GENERAL_NAMES *sk, int i) { return sk_GENERAL_NAME_value(sk, i); }
static inline void airlock_GENERAL_NAMES_free(GENERAL_NAMES *sk) { GENERAL_NAMES_free(sk); }

// STACK_OF(ASN1_OBJECT) (extended key usage)
static inline int airlock_sk_ASN1_OBJECT_num(const STACK_OF(ASN1_OBJECT) *sk) { return sk_ASN1_OBJECT_num(sk); }
static inline ASN1_OBJECT *airlock_sk_ASN1_OBJECT_value(const STACK_OF(ASN1_OBJECT) *sk, int i) { return sk_ASN1_OBJECT_value(sk, i); }
static inline void airlock_EXTENDED_KEY_USAGE_free(EXTENDED_KEY_USAGE *eku) { EXTENDED_KEY_USAGE_free(eku); }

// STACK_OF(SCT)
static inline int airlock_sk_SCT_num(const STACK_OF(SCT) *sk) { return sk_SCT_num(sk); }
static inline SCT *airlock_sk_SCT_value(const STACK_OF(SCT) *sk, int i) { return sk_SCT_value(sk, i); }
static inline void airlock_SCT_LIST_free(STACK_OF(SCT) *sk) { SCT_LIST_free(sk); }


// X509_NAME printing flags: RFC 2253 order and escaping, but UTF-8 left as is (macro expression).
static inline unsigned long airlock_XN_FLAG_RFC2253_UTF8(void) { return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB; }

// Memory BIOs and frees that are macros.
static inline long airlock_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }
static inline void airlock_OPENSSL_free(void *p) { OPENSSL_free(p); }
static inline void *airlock_OPENSSL_malloc(size_t n) { return OPENSSL_malloc(n); }

// EVP_PKEY_fromdata selections (macro expressions).
static inline int airlock_EVP_PKEY_PUBLIC_KEY(void) { return EVP_PKEY_PUBLIC_KEY; }
static inline int airlock_EVP_PKEY_KEYPAIR(void) { return EVP_PKEY_KEYPAIR; }

// OSSL_PARAM keys as static C strings: OSSL_PARAM_BLD keeps the key pointer until OSSL_PARAM_BLD_to_param,
// so a Swift string bridged for one call would not do.
static inline const char *airlock_PARAM_GROUP_NAME(void) { return OSSL_PKEY_PARAM_GROUP_NAME; }
static inline const char *airlock_PARAM_PUB_KEY(void) { return OSSL_PKEY_PARAM_PUB_KEY; }
static inline const char *airlock_PARAM_PRIV_KEY(void) { return OSSL_PKEY_PARAM_PRIV_KEY; }

// The name of the primary DRBG's algorithm (shim.c sets HASH-DRBG at process start), or NULL.
const char *airlock_primary_drbg_name(void);

#endif
