/*
 * tinyml-xs native functions: the list the simulator's native() table is built from.
 *
 * One line per C host function reachable from TypeScript as native("name"):
 *
 *     TINYML_NATIVE(xs_tinyml_foo)
 *
 * where the function is defined in some C file under native/ as
 *
 *     void xs_tinyml_foo(xsMachine* the) { ... }   // #include "xsmc.h"
 *
 * This file is an X-macro list: it has no include guard on purpose, and the
 * includer defines TINYML_NATIVE(name) before including it (see
 * hosts/sim/sim_natives.c). Keep one entry per line, sorted by name.
 *
 * xs_tinyml_sim_selftest exists on the simulator only (hosts/sim/sim_selftest.c).
 */

TINYML_NATIVE(xs_tinyml_add_int8)
TINYML_NATIVE(xs_tinyml_add_int8_scratch_bytes)
TINYML_NATIVE(xs_tinyml_average_pool_2d_int8)
TINYML_NATIVE(xs_tinyml_conv_2d_int8)
TINYML_NATIVE(xs_tinyml_conv_2d_int8_scratch_bytes)
TINYML_NATIVE(xs_tinyml_conv_2d_int16)
TINYML_NATIVE(xs_tinyml_conv_2d_int16_scratch_bytes)
TINYML_NATIVE(xs_tinyml_crc32)
TINYML_NATIVE(xs_tinyml_decode_lut)
TINYML_NATIVE(xs_tinyml_depthwise_conv_2d_int8)
TINYML_NATIVE(xs_tinyml_depthwise_conv_2d_int8_scratch_bytes)
TINYML_NATIVE(xs_tinyml_depthwise_conv_2d_int16)
TINYML_NATIVE(xs_tinyml_depthwise_conv_2d_int16_scratch_bytes)
TINYML_NATIVE(xs_tinyml_filter_bank_uint32)
TINYML_NATIVE(xs_tinyml_lstm_int8)
TINYML_NATIVE(xs_tinyml_fully_connected_int8)
TINYML_NATIVE(xs_tinyml_fully_connected_int8_scratch_bytes)
TINYML_NATIVE(xs_tinyml_fully_connected_int16)
TINYML_NATIVE(xs_tinyml_fully_connected_int16_scratch_bytes)
TINYML_NATIVE(xs_tinyml_max_pool_2d_int8)
TINYML_NATIVE(xs_tinyml_plan_kernel_set)
TINYML_NATIVE(xs_tinyml_plan_run)
TINYML_NATIVE(xs_tinyml_pooling_int8_scratch_bytes)
TINYML_NATIVE(xs_tinyml_rfft_int16)
TINYML_NATIVE(xs_tinyml_rfft_int16_scratch_bytes)
TINYML_NATIVE(xs_tinyml_sha256)
TINYML_NATIVE(xs_tinyml_sim_selftest)
TINYML_NATIVE(xs_tinyml_softmax_int8)
TINYML_NATIVE(xs_tinyml_softmax_int16)
TINYML_NATIVE(xs_tinyml_sub_int8)
TINYML_NATIVE(xs_tinyml_svdf_int8)
TINYML_NATIVE(xs_tinyml_transpose_conv_int16)
