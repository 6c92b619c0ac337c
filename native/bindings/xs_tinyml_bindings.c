/*
 * tinyml-xs: the argument readers and checks shared by the XS bindings of the native kernels, once
 * (declared and described in xs_tinyml_bindings.h): a firmware links one copy, not one per binding file.
 */
#include "xs_tinyml_bindings.h"

const char* xs_tinyml_type_name(xsType type)
{
	switch (type) {
	case xsUndefinedType: return "undefined";
	case xsNullType: return "null";
	case xsBooleanType: return "a boolean";
	case xsIntegerType:
	case xsNumberType: return "a number";
	case xsStringType:
	case xsStringXType: return "a string";
	case xsSymbolType: return "a symbol";
	case xsBigIntType:
	case xsBigIntXType: return "a bigint";
	default: return "an object";
	}
}

void xs_tinyml_check_argc(xsMachine* the, const char* fn, int count)
{
	if (xsmcArgc < count)
		xsTypeError("%s: expected %d arguments, got %d", fn, count, (int)xsmcArgc);
}

xs_tinyml_buffer xs_tinyml_get_buffer(xsMachine* the, const char* fn, int index, const char* name, int writable, int optional)
{
	xs_tinyml_buffer buffer;
	xsType type = xsmcTypeOf(xsArg(index));
	void* data = NULL;
	xsUnsignedValue count = 0;
	buffer.data = NULL;
	buffer.size = 0;
	buffer.present = 0;
	if (optional && (type == xsNullType || type == xsUndefinedType))
		return buffer;
	if (type != xsReferenceType)
		xsTypeError("%s: %s must be a %sbyte buffer, not %s", fn, name, writable ? "writable " : "", xs_tinyml_type_name(type));
	xsTry {
		if (writable)
			xsmcGetBufferWritable(xsArg(index), &data, &count);
		else
			xsmcGetBufferReadable(xsArg(index), &data, &count);
	}
	xsCatch {
		xsTypeError("%s: %s is not a %sbyte buffer (e.g. Int8Array)", fn, name, writable ? "writable " : "");
	}
	buffer.data = data;
	buffer.size = (size_t)count;
	buffer.present = 1;
	return buffer;
}

void xs_tinyml_check_int32(xsMachine* the, const char* fn, const char* name, const xs_tinyml_buffer* buffer)
{
	if (!buffer->present)
		return;
	if (buffer->size % 4 != 0)
		xsRangeError("%s: %s must hold whole int32 values, has %u bytes", fn, name, (unsigned)buffer->size);
	if (((uintptr_t)buffer->data & 3) != 0)
		xsRangeError("%s: %s must be 4-byte aligned", fn, name);
}

void xs_tinyml_check_elements(xsMachine* the, const char* fn, const char* name, const xs_tinyml_buffer* buffer, size_t width)
{
	if (!buffer->present)
		return;
	if (buffer->size % width != 0)
		xsRangeError("%s: %s must hold whole %u-byte values, has %u bytes", fn, name, (unsigned)width, (unsigned)buffer->size);
	if (((uintptr_t)buffer->data & (width - 1)) != 0)
		xsRangeError("%s: %s must be %u-byte aligned", fn, name, (unsigned)width);
}

void xs_tinyml_check_status(xsMachine* the, const char* fn, tinyml_status status, const char* field)
{
	if (status != TINYML_OK)
		xsRangeError("%s: %s: %s", fn, field ? field : "arguments", tinyml_status_text(status));
}

void xs_tinyml_check_disjoint(xsMachine* the, const char* fn, const xs_tinyml_buffer* written, const char* written_name, const xs_tinyml_buffer* other, const char* name)
{
	uintptr_t a, b;
	if (!other->present || written->size == 0 || other->size == 0)
		return;
	a = (uintptr_t)written->data;
	b = (uintptr_t)other->data;
	if (a < b + other->size && b < a + written->size)
		xsRangeError("%s: %s overlaps %s", fn, written_name, name);
}

xs_tinyml_buffer xs_tinyml_get_scratch(xsMachine* the, const char* fn, int index)
{
	xs_tinyml_buffer scratch;
	if (xsmcArgc <= index) {
		scratch.data = NULL;
		scratch.size = 0;
		scratch.present = 0;
		return scratch;
	}
	scratch = xs_tinyml_get_buffer(the, fn, index, "scratch", 1, 1);
	if (scratch.present && ((uintptr_t)scratch.data & 3) != 0)
		xsRangeError("%s: scratch must be 4-byte aligned", fn);
	return scratch;
}

void xs_tinyml_check_scratch(xsMachine* the, const char* fn, const xs_tinyml_buffer* scratch, const xs_tinyml_buffer* params,
	const xs_tinyml_buffer* input, const xs_tinyml_buffer* input2, const xs_tinyml_buffer* output)
{
	if (!scratch->present)
		return;
	xs_tinyml_check_disjoint(the, fn, scratch, "scratch", params, "params");
	xs_tinyml_check_disjoint(the, fn, scratch, "scratch", input, input2 ? "input1" : "input");
	if (input2)
		xs_tinyml_check_disjoint(the, fn, scratch, "scratch", input2, "input2");
	xs_tinyml_check_disjoint(the, fn, scratch, "scratch", output, "output");
}

void xs_tinyml_check_conv_buffers(xsMachine* the, const char* fn, const xs_tinyml_buffer* params, const xs_tinyml_buffer* input,
	const xs_tinyml_buffer* filter, const xs_tinyml_buffer* bias, const xs_tinyml_buffer* output, const xs_tinyml_buffer* scratch)
{
	xs_tinyml_check_overlap(the, fn, output, params, "params");
	xs_tinyml_check_overlap(the, fn, output, input, "input");
	xs_tinyml_check_overlap(the, fn, output, filter, "filter");
	xs_tinyml_check_overlap(the, fn, output, bias, "bias");
	xs_tinyml_check_scratch(the, fn, scratch, params, input, NULL, output);
	if (!scratch->present)
		return;
	xs_tinyml_check_disjoint(the, fn, scratch, "scratch", filter, "filter");
	xs_tinyml_check_disjoint(the, fn, scratch, "scratch", bias, "bias");
}

xs_tinyml_conv_args xs_tinyml_get_conv_args(xsMachine* the, const char* fn, size_t width, xs_tinyml_conv_validate validate)
{
	xs_tinyml_conv_args a;
	const char* field = NULL;
	tinyml_status status;
	xs_tinyml_check_argc(the, fn, 5);
	a.params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	a.input = xs_tinyml_get_buffer(the, fn, 1, "input", 0, 0);
	a.filter = xs_tinyml_get_buffer(the, fn, 2, "filter", 0, 0);
	a.bias = xs_tinyml_get_buffer(the, fn, 3, "bias", 0, 1);
	a.output = xs_tinyml_get_buffer(the, fn, 4, "output", 1, 0);
	a.scratch = xs_tinyml_get_scratch(the, fn, 5);
	xs_tinyml_check_int32(the, fn, "params", &a.params);
	xs_tinyml_check_int32(the, fn, "bias", &a.bias);
	if (width > 1) {
		xs_tinyml_check_elements(the, fn, "input", &a.input, width);
		xs_tinyml_check_elements(the, fn, "output", &a.output, width);
	}
	status = validate((const int32_t*)a.params.data, a.params.size / 4, a.input.size, a.filter.size,
		a.bias.present ? a.bias.size : TINYML_NO_BIAS, a.output.size, a.scratch.size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_conv_buffers(the, fn, &a.params, &a.input, &a.filter, &a.bias, &a.output, &a.scratch);
	return a;
}

const int32_t* xs_tinyml_get_header(xsMachine* the, const char* fn, size_t header)
{
	xs_tinyml_buffer params;
	xs_tinyml_check_argc(the, fn, 1);
	params = xs_tinyml_get_buffer(the, fn, 0, "params", 0, 0);
	xs_tinyml_check_int32(the, fn, "params", &params);
	if (params.size / 4 < header)
		xsRangeError("%s: params: %s", fn, tinyml_status_text(TINYML_ERR_PARAMS_SHORT));
	return (const int32_t*)params.data;
}

void xs_tinyml_get_buffers(xsMachine* the, const char* fn, const xs_tinyml_arg* args, int count, xs_tinyml_buffer* out)
{
	int i;
	xs_tinyml_check_argc(the, fn, count);
	for (i = 0; i < count; i++)
		out[i] = xs_tinyml_get_buffer(the, fn, i, args[i].name, args[i].flags & XS_TINYML_WRITABLE, args[i].flags & XS_TINYML_OPTIONAL);
	for (i = 0; i < count; i++) {
		if (args[i].width == XS_TINYML_INT32)
			xs_tinyml_check_int32(the, fn, args[i].name, &out[i]);
		else if (args[i].width > 1)
			xs_tinyml_check_elements(the, fn, args[i].name, &out[i], args[i].width);
	}
}

void xs_tinyml_check_apart(xsMachine* the, const char* fn, const xs_tinyml_arg* args, int count, const xs_tinyml_buffer* buffers, int index)
{
	int i;
	for (i = 0; i < count; i++) {
		if (i != index)
			xs_tinyml_check_disjoint(the, fn, &buffers[index], args[index].name, &buffers[i], args[i].name);
	}
}
