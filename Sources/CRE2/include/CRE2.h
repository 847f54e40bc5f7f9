// CRE2: a C surface over the system RE2 library (Debian libre2-dev), for linear-time regular
// expressions. Only AirlockVerify may import this module (docs/design.md §2).
#ifndef AIRLOCK_CRE2_H
#define AIRLOCK_CRE2_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A compiled RE2 program; owned by the caller, freed with airlock_re2_free.
typedef struct airlock_re2 airlock_re2;

/// Compiles `pattern` (UTF-8, `length` bytes) with RE2's memory budget `max_mem` and errors not logged.
/// Returns NULL when it does not compile, writing RE2's error text (NUL-terminated) into `error`.
airlock_re2 *airlock_re2_compile(const char *pattern, size_t length, int64_t max_mem, char *error, size_t error_capacity);

/// 1 when the pattern matches somewhere in `text` (RE2::PartialMatch, like Go's MatchString), else 0.
int airlock_re2_partial_match(const airlock_re2 *re, const char *text, size_t length);

/// Frees a compiled program.
void airlock_re2_free(airlock_re2 *re);

#ifdef __cplusplus
}
#endif

#endif
