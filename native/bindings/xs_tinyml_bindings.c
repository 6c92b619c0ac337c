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

/* Argument `index` into *out as xs_tinyml_get_buffer says (flags: XS_TINYML_WRITABLE, XS_TINYML_OPTIONAL). */
static void read_buffer(xsMachine* the, const char* fn, int index, const char* name, int flags, xs_tinyml_buffer* out)
{
	const int writable = flags & XS_TINYML_WRITABLE;
	const xsType type = xsmcTypeOf(xsArg(index));
	void* data = NULL;
	xsUnsignedValue count = 0;
	out->data = NULL;
	out->size = 0;
	out->present = 0;
	if ((flags & XS_TINYML_OPTIONAL) && (type == xsNullType || type == xsUndefinedType))
		return;
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
	out->data = data;
	out->size = (size_t)count;
	out->present = 1;
}

xs_tinyml_buffer xs_tinyml_get_buffer(xsMachine* the, const char* fn, int index, const char* name, int writable, int optional)
{
	xs_tinyml_buffer buffer;
	read_buffer(the, fn, index, name, (writable ? XS_TINYML_WRITABLE : 0) | (optional ? XS_TINYML_OPTIONAL : 0), &buffer);
	return buffer;
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

void xs_tinyml_get_buffers(xsMachine* the, const char* fn, const xs_tinyml_arg* args, int count, xs_tinyml_buffer* out)
{
	/* (argc read once: each xsmcArgc is a call into XS) */
	const int argc = (int)xsmcArgc;
	int i, required = count;
	while (required > 0 && (args[required - 1].flags & XS_TINYML_TRAILING) == XS_TINYML_TRAILING)
		required--;
	if (argc < required)
		xs_tinyml_check_argc(the, fn, required);
	for (i = 0; i < count; i++) {
		if (i < argc)
			read_buffer(the, fn, i, args[i].name, args[i].flags, &out[i]);
		else {
			out[i].data = NULL;
			out[i].size = 0;
			out[i].present = 0;
		}
	}
	for (i = 0; i < count; i++) {
		const xs_tinyml_buffer* b = &out[i];
		if (args[i].width == XS_TINYML_ALIGNED) {
			if (b->present && ((uintptr_t)b->data & 3) != 0)
				xsRangeError("%s: %s must be %u-byte aligned", fn, args[i].name, 4u);
		}
		else if (args[i].width > 1)
			xs_tinyml_check_elements(the, fn, args[i].name, b, args[i].width);
	}
}

void xs_tinyml_check_apart(xsMachine* the, const char* fn, const xs_tinyml_arg* args, int count, const xs_tinyml_buffer* buffers, int index)
{
	const xs_tinyml_buffer* written = &buffers[index];
	const uintptr_t a = (uintptr_t)written->data;
	int i;
	if (written->size == 0)
		return;
	for (i = 0; i < count; i++) {
		const xs_tinyml_buffer* other = &buffers[i];
		const uintptr_t b = (uintptr_t)other->data;
		if (i != index && other->present && other->size != 0 && a < b + other->size && b < a + written->size)
			xsRangeError("%s: %s overlaps %s", fn, args[index].name, args[i].name);
	}
}

const xs_tinyml_arg xs_tinyml_conv_int8_args[XS_TINYML_CONV_ARGS] = {
	{ "params", 0, 4 }, { "input", 0, 1 }, { "filter", 0, 1 }, { "bias", XS_TINYML_OPTIONAL, 4 }, { "output", XS_TINYML_WRITABLE, 1 },
	{ "scratch", XS_TINYML_WRITABLE | XS_TINYML_TRAILING, XS_TINYML_ALIGNED },
};

const xs_tinyml_arg xs_tinyml_conv_int16_args[XS_TINYML_CONV_ARGS] = {
	{ "params", 0, 4 }, { "input", 0, 2 }, { "filter", 0, 1 }, { "bias", XS_TINYML_OPTIONAL, 4 }, { "output", XS_TINYML_WRITABLE, 2 },
	{ "scratch", XS_TINYML_WRITABLE | XS_TINYML_TRAILING, XS_TINYML_ALIGNED },
};

void xs_tinyml_check_conv(xsMachine* the, const char* fn, const xs_tinyml_arg* args, const xs_tinyml_buffer* b, xs_tinyml_conv_validate validate)
{
	const char* field = NULL;
	const tinyml_status status = validate((const int32_t*)b[XS_TINYML_CONV_PARAMS].data, b[XS_TINYML_CONV_PARAMS].size / 4,
		b[XS_TINYML_CONV_INPUT].size, b[XS_TINYML_CONV_FILTER].size, b[XS_TINYML_CONV_BIAS].present ? b[XS_TINYML_CONV_BIAS].size : TINYML_NO_BIAS,
		b[XS_TINYML_CONV_OUTPUT].size, b[XS_TINYML_CONV_SCRATCH].size, &field);
	xs_tinyml_check_status(the, fn, status, field);
	xs_tinyml_check_apart(the, fn, args, XS_TINYML_CONV_ARGS, b, XS_TINYML_CONV_OUTPUT);
	xs_tinyml_check_apart(the, fn, args, XS_TINYML_CONV_ARGS, b, XS_TINYML_CONV_SCRATCH);
}

void xs_tinyml_run_conv_int8(xsMachine* the, const char* fn, xs_tinyml_conv_validate validate, xs_tinyml_conv_int8_kernel kernel)
{
	xs_tinyml_buffer b[XS_TINYML_CONV_ARGS];
	xs_tinyml_get_buffers(the, fn, xs_tinyml_conv_int8_args, XS_TINYML_CONV_ARGS, b);
	xs_tinyml_check_conv(the, fn, xs_tinyml_conv_int8_args, b, validate);
	kernel((const int32_t*)b[0].data, (const int8_t*)b[1].data, (const int8_t*)b[2].data, (const int32_t*)b[3].data, (int8_t*)b[4].data, b[5].data);
}

void xs_tinyml_scratch_query(xsMachine* the, const char* fn, size_t header, size_t (*bytes)(const int32_t*))
{
	static const xs_tinyml_arg params_arg = { "params", 0, 4 };
	xs_tinyml_buffer params;
	xs_tinyml_get_buffers(the, fn, &params_arg, 1, &params);
	if (params.size / 4 < header)
		xs_tinyml_check_status(the, fn, TINYML_ERR_PARAMS_SHORT, "params");
	xsmcSetInteger(xsResult, (xsIntegerValue)bytes((const int32_t*)params.data));
}
