/*
 * tinyml-xs: xs_tinyml_add_int8(params, input1, input2, output[, scratch]) and
 * xs_tinyml_sub_int8(params, input1, input2, output[, scratch]) -> undefined, the XS bindings of
 * native/kernels/add.c. params is the bytes of the Int32Array of the layout (Binary + AddSub).
 * Every argument is checked before the kernel runs (see xs_tinyml_bindings.h).
 */
#include "xs_tinyml_bindings.h"

const xs_tinyml_arg xs_tinyml_add_args[5] = {
	{ "params", 0, 4 }, { "input1", 0, 1 }, { "input2", 0, 1 }, { "output", XS_TINYML_WRITABLE, 1 },
	{ "scratch", XS_TINYML_WRITABLE | XS_TINYML_TRAILING, XS_TINYML_ALIGNED },
};

static void xs_tinyml_add_sub(xsMachine* the, const char* fn, int subtract)
{
	xs_tinyml_buffer b[5]; /* params, input1, input2, output, scratch */
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_get_buffers(the, fn, xs_tinyml_add_args, 5, b);
	status = tinyml_add_int8_validate((const int32_t*)b[0].data, b[0].size / 4, b[1].size, b[2].size, b[3].size, b[4].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_apart(the, fn, xs_tinyml_add_args, 5, b, 3);
	xs_tinyml_check_apart(the, fn, xs_tinyml_add_args, 5, b, 4);
	(subtract ? tinyml_sub_int8 : tinyml_add_int8)((const int32_t*)b[0].data, (const int8_t*)b[1].data, (const int8_t*)b[2].data, (int8_t*)b[3].data, b[4].data);
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
	xs_tinyml_scratch_query(the, "xs_tinyml_add_int8_scratch_bytes", TINYML_ADD_HEADER, tinyml_add_int8_scratch_bytes);
}
