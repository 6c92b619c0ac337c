/*
 * tinyml-xs: xs_tinyml_decode_lut(params, encoded, ancillary, output) -> undefined, the XS binding
 * of native/kernels/decode_lut.c. params is the bytes of the Int32Array of the layout (DecodeLut);
 * encoded, ancillary and output are byte buffers (the model's constants and the arena). Every
 * argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

static const xs_tinyml_arg xs_tinyml_decode_lut_args[4] = {
	{ "params", 0, 4 }, { "encoded", 0, 1 }, { "ancillary", 0, 1 }, { "output", XS_TINYML_WRITABLE, 1 },
};

void xs_tinyml_decode_lut(xsMachine* the)
{
	const char* fn = "xs_tinyml_decode_lut";
	xs_tinyml_buffer b[4]; /* params, encoded, ancillary, output */
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_get_buffers(the, fn, xs_tinyml_decode_lut_args, 4, b);
	status = tinyml_decode_lut_validate((const int32_t*)b[0].data, b[0].size / 4, b[1].size, b[2].size, b[3].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_apart(the, fn, xs_tinyml_decode_lut_args, 4, b, 3);
	tinyml_decode_lut((const int32_t*)b[0].data, (const uint8_t*)b[1].data, (const uint8_t*)b[2].data, (uint8_t*)b[3].data);
}
