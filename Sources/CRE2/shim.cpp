// CRE2 shim: wraps RE2's C++ API in three C functions (compile, partial match, free).
#include "CRE2.h"

#include <re2/re2.h>
#include <cstdio>
#include <new>

struct airlock_re2 {
    re2::RE2 regex;
    airlock_re2(re2::StringPiece pattern, const re2::RE2::Options &options) : regex(pattern, options) {}
};

extern "C" airlock_re2 *airlock_re2_compile(const char *pattern, size_t length, int64_t max_mem, char *error, size_t error_capacity) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(max_mem);
    auto *re = new (std::nothrow) airlock_re2(re2::StringPiece(pattern, length), options);
    if (re == nullptr) {
        if (error_capacity > 0) std::snprintf(error, error_capacity, "out of memory");
        return nullptr;
    }
    if (!re->regex.ok()) {
        if (error_capacity > 0) std::snprintf(error, error_capacity, "%s", re->regex.error().c_str());
        delete re;
        return nullptr;
    }
    return re;
}

extern "C" int airlock_re2_partial_match(const airlock_re2 *re, const char *text, size_t length) {
    return re2::RE2::PartialMatch(re2::StringPiece(text, length), re->regex) ? 1 : 0;
}

extern "C" void airlock_re2_free(airlock_re2 *re) {
    delete re;
}
