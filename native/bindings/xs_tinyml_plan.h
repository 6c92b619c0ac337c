/*
 * tinyml-xs: the kernels the C plan runner (xs_tinyml_plan.c) calls, as a table of entry points,
 * so that a build links only the kernels it selects: xs_tinyml_plan.c defines a weak table with
 * all of them (the simulator, the Cortex-M4 image); a Moddable build's tinyml_native.c defines the
 * table with its selection (tinyml_native_select.h), leaving NULL the kernels whose native an app
 * leaves out, and the weak one (nothing references it then) is dropped with --gc-sections. An op
 * whose kernel is NULL is left to the runtime, which binds its TypeScript kernel.
 */
#ifndef XS_TINYML_PLAN_H
#define XS_TINYML_PLAN_H

#include <stdint.h>

typedef void (*tinyml_plan_conv)(const int32_t* params, const int8_t* input, const int8_t* filter, const int32_t* bias, int8_t* output, void* scratch);
typedef void (*tinyml_plan_pool)(const int32_t* params, const int8_t* input, int8_t* output, void* scratch);
typedef void (*tinyml_plan_binary)(const int32_t* params, const int8_t* input1, const int8_t* input2, int8_t* output, void* scratch);
typedef void (*tinyml_plan_softmax)(const int32_t* params, const int8_t* input, int8_t* output);

typedef struct {
	tinyml_plan_conv conv_2d_int8, depthwise_conv_2d_int8, fully_connected_int8;
	tinyml_plan_pool average_pool_2d_int8, max_pool_2d_int8;
	tinyml_plan_binary add_int8, sub_int8;
	tinyml_plan_softmax softmax_int8;
} tinyml_plan_kernels;

/* The table, in this order; SELECT(native) is 1 to link that kernel, 0 to leave it out (NULL). */
#define TINYML_PLAN_KERNEL_TABLE(SELECT) { \
	(SELECT(xs_tinyml_conv_2d_int8)) ? tinyml_conv_2d_int8 : (tinyml_plan_conv)0, \
	(SELECT(xs_tinyml_depthwise_conv_2d_int8)) ? tinyml_depthwise_conv_2d_int8 : (tinyml_plan_conv)0, \
	(SELECT(xs_tinyml_fully_connected_int8)) ? tinyml_fully_connected_int8 : (tinyml_plan_conv)0, \
	(SELECT(xs_tinyml_average_pool_2d_int8)) ? tinyml_average_pool_2d_int8 : (tinyml_plan_pool)0, \
	(SELECT(xs_tinyml_max_pool_2d_int8)) ? tinyml_max_pool_2d_int8 : (tinyml_plan_pool)0, \
	(SELECT(xs_tinyml_add_int8)) ? tinyml_add_int8 : (tinyml_plan_binary)0, \
	(SELECT(xs_tinyml_sub_int8)) ? tinyml_sub_int8 : (tinyml_plan_binary)0, \
	(SELECT(xs_tinyml_softmax_int8)) ? tinyml_softmax_int8 : (tinyml_plan_softmax)0, \
}

extern const tinyml_plan_kernels tinyml_plan_kernel_table;

#endif
