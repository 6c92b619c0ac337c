/*
 * tinyml-xs native kernels: which variants of the conv, depthwise, fully connected and RFFT kernels a
 * build compiles (internal header). Every variant is in by default; a firmware that knows its models
 * leaves out what they do not use, either with -DTINYML_VARIANT_<NAME>=0 or, on Moddable builds,
 * with its manifest's "defines": { "tinyml": { "variants": { "<name>": 0 } } } (MODDEF_TINYML_VARIANTS_<NAME>,
 * read from the app's mc.defines.h). hosts/moddable/kernel_variants.mjs derives that list from the
 * models' layers. Two kinds:
 *
 * - speed variants: a layer they would take runs a general path of the same kernel instead (same
 *   bytes, more instructions);
 * - shape variants: a layer that needs one left out is refused: the kernel's *_scratch_bytes
 *   says TINYML_UNSUPPORTED_LAYER, its validation TINYML_ERR_UNSUPPORTED, and the runtime binds
 *   the TypeScript kernel for that layer instead. Never wrong output.
 *
 * They shape the Arm DSP paths (the portable C kernels have one path each and ignore them), and
 * the RFFT's butterflies (rfft_radix_3_5 and rfft_radix_2, in every build).
 *
 *   conv_general    shape  conv layers the DSP path declines (grouped convolutions, an input offset
 *                          beyond an int8 padding value): the portable loop
 *   conv_im2col     shape  conv windows whose rows (K_W * IN_C) are not whole groups of four: gathered first
 *   conv_direct     speed  conv windows of whole groups of four, expanded straight from the input rows
 *                          (without: gathered first, with conv_im2col, which must then be in)
 *   dw_3x3_s1       speed  depthwise 3x3 filters with horizontal stride 1, in assembly
 *   dw_3x3          speed  other depthwise 3x3 filters, unrolled
 *   dw_8wide        speed  depthwise 7- and 8-wide filters, unrolled
 *   dw_4ch_load     speed  depthwise input rows loaded four channels at a time (layers of 4 or more
 *                          input channels; without: one channel at a time)
 *   dw_dilated_w    shape  depthwise dilation along rows
 *   fc_general      shape  fully connected per channel, a shift the fast requantization cannot take, a filter offset
 *   fc_tail         shape  fully connected output depths that are not a multiple of four (but 1, see fc_one)
 *   fc_one          speed  fully connected layers with a single output (without: the fc_tail loop)
 *   rfft_radix_3_5  shape  SignalRfft lengths whose FFT_LENGTH / 2 has a factor 3 or 5 (the radix 3
 *                          and 5 butterflies; power-of-two lengths take radix 4 and 2 only)
 *   rfft_radix_2    shape  SignalRfft lengths whose FFT_LENGTH / 2 is not 4^k times 3s and 5s (the radix 2
 *                          butterfly, e.g. FFT_LENGTH 1024; 512 (256 = 4^4) takes radix 4 only)
 */
#ifndef TINYML_VARIANTS_H
#define TINYML_VARIANTS_H

#if defined(__has_include)
#if __has_include("mc.defines.h")
#include "mc.defines.h"
#endif
#endif

#ifndef TINYML_VARIANT_CONV_GENERAL
#ifdef MODDEF_TINYML_VARIANTS_CONV_GENERAL
#define TINYML_VARIANT_CONV_GENERAL MODDEF_TINYML_VARIANTS_CONV_GENERAL
#else
#define TINYML_VARIANT_CONV_GENERAL 1
#endif
#endif

#ifndef TINYML_VARIANT_CONV_IM2COL
#ifdef MODDEF_TINYML_VARIANTS_CONV_IM2COL
#define TINYML_VARIANT_CONV_IM2COL MODDEF_TINYML_VARIANTS_CONV_IM2COL
#else
#define TINYML_VARIANT_CONV_IM2COL 1
#endif
#endif

#ifndef TINYML_VARIANT_CONV_DIRECT
#ifdef MODDEF_TINYML_VARIANTS_CONV_DIRECT
#define TINYML_VARIANT_CONV_DIRECT MODDEF_TINYML_VARIANTS_CONV_DIRECT
#else
#define TINYML_VARIANT_CONV_DIRECT 1
#endif
#endif

#ifndef TINYML_VARIANT_DW_3X3_S1
#ifdef MODDEF_TINYML_VARIANTS_DW_3X3_S1
#define TINYML_VARIANT_DW_3X3_S1 MODDEF_TINYML_VARIANTS_DW_3X3_S1
#else
#define TINYML_VARIANT_DW_3X3_S1 1
#endif
#endif

#ifndef TINYML_VARIANT_DW_3X3
#ifdef MODDEF_TINYML_VARIANTS_DW_3X3
#define TINYML_VARIANT_DW_3X3 MODDEF_TINYML_VARIANTS_DW_3X3
#else
#define TINYML_VARIANT_DW_3X3 1
#endif
#endif

#ifndef TINYML_VARIANT_DW_8WIDE
#ifdef MODDEF_TINYML_VARIANTS_DW_8WIDE
#define TINYML_VARIANT_DW_8WIDE MODDEF_TINYML_VARIANTS_DW_8WIDE
#else
#define TINYML_VARIANT_DW_8WIDE 1
#endif
#endif

#ifndef TINYML_VARIANT_DW_4CH_LOAD
#ifdef MODDEF_TINYML_VARIANTS_DW_4CH_LOAD
#define TINYML_VARIANT_DW_4CH_LOAD MODDEF_TINYML_VARIANTS_DW_4CH_LOAD
#else
#define TINYML_VARIANT_DW_4CH_LOAD 1
#endif
#endif

#ifndef TINYML_VARIANT_DW_DILATED_W
#ifdef MODDEF_TINYML_VARIANTS_DW_DILATED_W
#define TINYML_VARIANT_DW_DILATED_W MODDEF_TINYML_VARIANTS_DW_DILATED_W
#else
#define TINYML_VARIANT_DW_DILATED_W 1
#endif
#endif

#ifndef TINYML_VARIANT_FC_GENERAL
#ifdef MODDEF_TINYML_VARIANTS_FC_GENERAL
#define TINYML_VARIANT_FC_GENERAL MODDEF_TINYML_VARIANTS_FC_GENERAL
#else
#define TINYML_VARIANT_FC_GENERAL 1
#endif
#endif

#ifndef TINYML_VARIANT_FC_TAIL
#ifdef MODDEF_TINYML_VARIANTS_FC_TAIL
#define TINYML_VARIANT_FC_TAIL MODDEF_TINYML_VARIANTS_FC_TAIL
#else
#define TINYML_VARIANT_FC_TAIL 1
#endif
#endif

#ifndef TINYML_VARIANT_FC_ONE
#ifdef MODDEF_TINYML_VARIANTS_FC_ONE
#define TINYML_VARIANT_FC_ONE MODDEF_TINYML_VARIANTS_FC_ONE
#else
#define TINYML_VARIANT_FC_ONE 1
#endif
#endif

#ifndef TINYML_VARIANT_RFFT_RADIX_3_5
#ifdef MODDEF_TINYML_VARIANTS_RFFT_RADIX_3_5
#define TINYML_VARIANT_RFFT_RADIX_3_5 MODDEF_TINYML_VARIANTS_RFFT_RADIX_3_5
#else
#define TINYML_VARIANT_RFFT_RADIX_3_5 1
#endif
#endif

#ifndef TINYML_VARIANT_RFFT_RADIX_2
#ifdef MODDEF_TINYML_VARIANTS_RFFT_RADIX_2
#define TINYML_VARIANT_RFFT_RADIX_2 MODDEF_TINYML_VARIANTS_RFFT_RADIX_2
#else
#define TINYML_VARIANT_RFFT_RADIX_2 1
#endif
#endif

/* Whether every variant is in (the default build). */
#define TINYML_VARIANTS_ALL (TINYML_VARIANT_CONV_GENERAL && TINYML_VARIANT_CONV_IM2COL && TINYML_VARIANT_CONV_DIRECT \
	&& TINYML_VARIANT_DW_3X3_S1 && TINYML_VARIANT_DW_3X3 && TINYML_VARIANT_DW_8WIDE && TINYML_VARIANT_DW_4CH_LOAD && TINYML_VARIANT_DW_DILATED_W \
	&& TINYML_VARIANT_FC_GENERAL && TINYML_VARIANT_FC_TAIL && TINYML_VARIANT_FC_ONE && TINYML_VARIANT_RFFT_RADIX_3_5 && TINYML_VARIANT_RFFT_RADIX_2)

#endif /* TINYML_VARIANTS_H */
