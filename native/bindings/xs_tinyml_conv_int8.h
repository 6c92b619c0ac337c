/*
 * tinyml-xs: what the bindings of the int8 conv-like kernels (conv, depthwise, fully connected)
 * share, out of line in xs_tinyml_conv_int8.c: one copy of the argument reading and checks
 * (xs_tinyml_get_conv_args) for the three, so that a firmware with two of them carries it once.
 */
#ifndef XS_TINYML_CONV_INT8_H
#define XS_TINYML_CONV_INT8_H

#include "xs_tinyml_bindings.h"

/* An int8 conv-like kernel (native/kernels/tinyml_kernels.h). */
typedef void (*xs_tinyml_conv_int8_kernel)(const int32_t*, const int8_t*, const int8_t*, const int32_t*, int8_t*, void*);

/* Reads and checks (params, input, filter, bias, output[, scratch]) with `validate`, then runs `kernel` on them. */
void xs_tinyml_run_conv_int8(xsMachine* the, const char* fn, xs_tinyml_conv_validate validate, xs_tinyml_conv_int8_kernel kernel);

/* A scratch-size query: the packed params (at least `header` values), `bytes` of them as the result (-1: a layer this build leaves out). */
void xs_tinyml_scratch_query(xsMachine* the, const char* fn, size_t header, size_t (*bytes)(const int32_t*));

#endif /* XS_TINYML_CONV_INT8_H */
