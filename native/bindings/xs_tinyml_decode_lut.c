/*
 * tinyml-xs: xs_tinyml_decode_lut(params, encoded, ancillary, output) -> undefined, the XS binding
 * of native/kernels/decode_lut.c. params is the bytes of the Int32Array of the layout (DecodeLut);
 * encoded, ancillary and output are byte buffers (the model's constants and the arena). Every
 * argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

void xs_tinyml_decode_lut(xsMachine* the)
{
	const char* fn = "xs_tinyml_decode_lut";
	xs_tinyml_buffer params, encoded, ancillary, output;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 4);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	encoded = xs_tinyml_get_buffer(the, fn, 1, "encoded", 0, 0);
	ancillary = xs_tinyml_get_buffer(the, fn, 2, "ancillary", 0, 0);
	output = xs_tinyml_get_buffer(the, fn, 3, "output", 1, 0);
	xs_tinyml_check_int32(the, fn, "params", &params);
	status = tinyml_decode_lut_validate((const int32_t*)params.data, params.size / 4, encoded.size, ancillary.size, output.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_overlap(the, fn, &output, &params, "params");
	xs_tinyml_check_overlap(the, fn, &output, &encoded, "encoded");
	xs_tinyml_check_overlap(the, fn, &output, &ancillary, "ancillary");
	tinyml_decode_lut((const int32_t*)params.data, (const uint8_t*)encoded.data, (const uint8_t*)ancillary.data, (uint8_t*)output.data);
}
