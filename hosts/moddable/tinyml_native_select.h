/*
 * tinyml-xs on Moddable builds: which natives of native/tinyml_natives.h an app links, one define
 * per native. A manifest's "defines": { "tinyml": { "natives": { "<name>": 0 } } } (name: the
 * native's name without "xs_tinyml_") becomes MODDEF_TINYML_NATIVES_<NAME> (0) and leaves that
 * native out of the table in tinyml_native.c: nothing references its C code then, so the linker
 * drops it (a static archive member that nothing needs is not linked; sections under
 * --gc-sections), and the runtime uses the TypeScript kernel for it. Natives are in by default;
 * the root manifest turns sha256 off and src/lifecycle/manifest.json turns it on.
 *
 * Every native of native/tinyml_natives.h needs its line here (test/moddable_manifest.test.ts
 * checks): TINYML_SELECT_<native> is what the table tests.
 */
#ifndef TINYML_NATIVE_SELECT_H
#define TINYML_NATIVE_SELECT_H

#ifndef MODDEF_TINYML_NATIVES_ADD_INT8
#define MODDEF_TINYML_NATIVES_ADD_INT8 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_AVERAGE_POOL_2D_INT8
#define MODDEF_TINYML_NATIVES_AVERAGE_POOL_2D_INT8 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_CONV_2D_INT8
#define MODDEF_TINYML_NATIVES_CONV_2D_INT8 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_CONV_2D_INT16
#define MODDEF_TINYML_NATIVES_CONV_2D_INT16 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_DEPTHWISE_CONV_2D_INT16
#define MODDEF_TINYML_NATIVES_DEPTHWISE_CONV_2D_INT16 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_DECODE_LUT
#define MODDEF_TINYML_NATIVES_DECODE_LUT (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_DEPTHWISE_CONV_2D_INT8
#define MODDEF_TINYML_NATIVES_DEPTHWISE_CONV_2D_INT8 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_FILTER_BANK_UINT32
#define MODDEF_TINYML_NATIVES_FILTER_BANK_UINT32 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_FULLY_CONNECTED_INT16
#define MODDEF_TINYML_NATIVES_FULLY_CONNECTED_INT16 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_FULLY_CONNECTED_INT8
#define MODDEF_TINYML_NATIVES_FULLY_CONNECTED_INT8 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_LSTM_INT8
#define MODDEF_TINYML_NATIVES_LSTM_INT8 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_MAX_POOL_2D_INT8
#define MODDEF_TINYML_NATIVES_MAX_POOL_2D_INT8 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_PLAN_RUN
#define MODDEF_TINYML_NATIVES_PLAN_RUN (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_RFFT_INT16
#define MODDEF_TINYML_NATIVES_RFFT_INT16 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_SHA256
#define MODDEF_TINYML_NATIVES_SHA256 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_SOFTMAX_INT8
#define MODDEF_TINYML_NATIVES_SOFTMAX_INT8 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_SOFTMAX_INT16
#define MODDEF_TINYML_NATIVES_SOFTMAX_INT16 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_SUB_INT8
#define MODDEF_TINYML_NATIVES_SUB_INT8 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_SVDF_INT8
#define MODDEF_TINYML_NATIVES_SVDF_INT8 (1)
#endif
#ifndef MODDEF_TINYML_NATIVES_TRANSPOSE_CONV_INT16
#define MODDEF_TINYML_NATIVES_TRANSPOSE_CONV_INT16 (1)
#endif

#define TINYML_SELECT_xs_tinyml_add_int8 MODDEF_TINYML_NATIVES_ADD_INT8
#define TINYML_SELECT_xs_tinyml_average_pool_2d_int8 MODDEF_TINYML_NATIVES_AVERAGE_POOL_2D_INT8
#define TINYML_SELECT_xs_tinyml_conv_2d_int8 MODDEF_TINYML_NATIVES_CONV_2D_INT8
#define TINYML_SELECT_xs_tinyml_decode_lut MODDEF_TINYML_NATIVES_DECODE_LUT
#define TINYML_SELECT_xs_tinyml_depthwise_conv_2d_int8 MODDEF_TINYML_NATIVES_DEPTHWISE_CONV_2D_INT8
#define TINYML_SELECT_xs_tinyml_filter_bank_uint32 MODDEF_TINYML_NATIVES_FILTER_BANK_UINT32
#define TINYML_SELECT_xs_tinyml_fully_connected_int8 MODDEF_TINYML_NATIVES_FULLY_CONNECTED_INT8
#define TINYML_SELECT_xs_tinyml_max_pool_2d_int8 MODDEF_TINYML_NATIVES_MAX_POOL_2D_INT8
#define TINYML_SELECT_xs_tinyml_rfft_int16 MODDEF_TINYML_NATIVES_RFFT_INT16
#define TINYML_SELECT_xs_tinyml_sha256 MODDEF_TINYML_NATIVES_SHA256
#define TINYML_SELECT_xs_tinyml_softmax_int8 MODDEF_TINYML_NATIVES_SOFTMAX_INT8
#define TINYML_SELECT_xs_tinyml_sub_int8 MODDEF_TINYML_NATIVES_SUB_INT8
#define TINYML_SELECT_xs_tinyml_svdf_int8 MODDEF_TINYML_NATIVES_SVDF_INT8
#define TINYML_SELECT_xs_tinyml_lstm_int8 MODDEF_TINYML_NATIVES_LSTM_INT8
#define TINYML_SELECT_xs_tinyml_conv_2d_int16 MODDEF_TINYML_NATIVES_CONV_2D_INT16
#define TINYML_SELECT_xs_tinyml_depthwise_conv_2d_int16 MODDEF_TINYML_NATIVES_DEPTHWISE_CONV_2D_INT16
#define TINYML_SELECT_xs_tinyml_fully_connected_int16 MODDEF_TINYML_NATIVES_FULLY_CONNECTED_INT16
#define TINYML_SELECT_xs_tinyml_transpose_conv_int16 MODDEF_TINYML_NATIVES_TRANSPOSE_CONV_INT16
#define TINYML_SELECT_xs_tinyml_softmax_int16 MODDEF_TINYML_NATIVES_SOFTMAX_INT16
/* The C plan runner calls the int8 conv, depthwise, fully connected, pooling, add, sub and softmax
   kernels (leaving one of those out does not drop its code while the runner is in); the kernel set
   and CRC-32 natives it boots with come with it. */
#define TINYML_SELECT_xs_tinyml_plan_run MODDEF_TINYML_NATIVES_PLAN_RUN
#define TINYML_SELECT_xs_tinyml_plan_kernel_set MODDEF_TINYML_NATIVES_PLAN_RUN
#define TINYML_SELECT_xs_tinyml_crc32 MODDEF_TINYML_NATIVES_PLAN_RUN
/* A kernel's scratch-size query is linked with its kernel. */
#define TINYML_SELECT_xs_tinyml_conv_2d_int8_scratch_bytes MODDEF_TINYML_NATIVES_CONV_2D_INT8
#define TINYML_SELECT_xs_tinyml_depthwise_conv_2d_int8_scratch_bytes MODDEF_TINYML_NATIVES_DEPTHWISE_CONV_2D_INT8
#define TINYML_SELECT_xs_tinyml_fully_connected_int8_scratch_bytes MODDEF_TINYML_NATIVES_FULLY_CONNECTED_INT8
#define TINYML_SELECT_xs_tinyml_conv_2d_int16_scratch_bytes MODDEF_TINYML_NATIVES_CONV_2D_INT16
#define TINYML_SELECT_xs_tinyml_depthwise_conv_2d_int16_scratch_bytes MODDEF_TINYML_NATIVES_DEPTHWISE_CONV_2D_INT16
#define TINYML_SELECT_xs_tinyml_fully_connected_int16_scratch_bytes MODDEF_TINYML_NATIVES_FULLY_CONNECTED_INT16
#define TINYML_SELECT_xs_tinyml_pooling_int8_scratch_bytes (MODDEF_TINYML_NATIVES_AVERAGE_POOL_2D_INT8 || MODDEF_TINYML_NATIVES_MAX_POOL_2D_INT8)
#define TINYML_SELECT_xs_tinyml_add_int8_scratch_bytes (MODDEF_TINYML_NATIVES_ADD_INT8 || MODDEF_TINYML_NATIVES_SUB_INT8)
#define TINYML_SELECT_xs_tinyml_rfft_int16_scratch_bytes MODDEF_TINYML_NATIVES_RFFT_INT16
/* the simulator's selftest is never linked on a device */
#define TINYML_SELECT_xs_tinyml_sim_selftest (0)

#endif
