/*
 * tinyml-xs: xs_tinyml_add_int8(params, input1, input2, output[, scratch]) and
 * xs_tinyml_sub_int8(params, input1, input2, output[, scratch]) -> undefined, the XS bindings of
 * native/kernels/add.c. params is the bytes of the Int32Array of the layout (Binary + AddSub).
 * Every argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

static void xs_tinyml_add_sub(xsMachine* the, const char* fn, int subtract)
{
	xs_tinyml_buffer params, input1, input2, output, scratch;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 4);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	input1 = xs_tinyml_get_buffer(the, fn, 1, "input1", 0, 0);
	input2 = xs_tinyml_get_buffer(the, fn, 2, "input2", 0, 0);
	output = xs_tinyml_get_buffer(the, fn, 3, "output", 1, 0);
	scratch = xs_tinyml_get_scratch(the, fn, 4);
	xs_tinyml_check_int32(the, fn, "params", &params);
	status = tinyml_add_int8_validate((const int32_t*)params.data, params.size / 4, input1.size, input2.size, output.size, scratch.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_overlap(the, fn, &output, &params, "params");
	xs_tinyml_check_overlap(the, fn, &output, &input1, "input1");
	xs_tinyml_check_overlap(the, fn, &output, &input2, "input2");
	xs_tinyml_check_scratch(the, fn, &scratch, &params, &input1, &input2, &output);
	if (subtract)
		tinyml_sub_int8((const int32_t*)params.data, (const int8_t*)input1.data, (const int8_t*)input2.data, (int8_t*)output.data, scratch.data);
	else
		tinyml_add_int8((const int32_t*)params.data, (const int8_t*)input1.data, (const int8_t*)input2.data, (int8_t*)output.data, scratch.data);
}

void xs_tinyml_add_int8(xsMachine* the)
{
	xs_tinyml_add_sub(the, "xs_tinyml_add_int8", 0);
}

void xs_tinyml_sub_int8(xsMachine* the)
{
	xs_tinyml_add_sub(the, "xs_tinyml_sub_int8", 1);
}

/* xs_tinyml_add_int8_scratch_bytes(params) -> the scratch bytes add and sub need for these params (0: none). */
void xs_tinyml_add_int8_scratch_bytes(xsMachine* the)
{
	const char* fn = "xs_tinyml_add_int8_scratch_bytes";
	const int32_t* p = xs_tinyml_get_header(the, fn, TINYML_ADD_HEADER);
	xsmcSetInteger(xsResult, (xsIntegerValue)tinyml_add_int8_scratch_bytes(p));
}
