/*
 * tinyml-xs: xs_tinyml_sha256(data[, offset[, length]]) -> ArrayBuffer of 32 bytes, the SHA-256 of
 * bytes [offset, offset + length) of data (default: all of it), the XS binding of
 * native/kernels/sha256.c. data is a byte buffer (ArrayBuffer, DataView, host buffer such as a
 * mapped flash slot, 8-bit typed array: a view hashes its own bytes only). offset and length are
 * checked against the buffer before a byte is read (see xs_tinyml_bindings.h).
 *
 * Nothing is allocated while the kernel reads data (an ArrayBuffer's bytes may move at a garbage
 * collection): the digest goes to the C stack, and only then into the new ArrayBuffer.
 */
#include "xs_tinyml_bindings.h"

/* Argument `index` as a byte count 0..limit (a whole number), or `fallback` when omitted. */
static size_t xs_tinyml_sha256_count(xsMachine* the, const char* fn, int index, const char* name, size_t limit, size_t fallback)
{
	xsType type;
	double value;
	if (xsmcArgc <= index)
		return fallback;
	type = xsmcTypeOf(xsArg(index));
	if (type == xsUndefinedType)
		return fallback;
	if (type != xsIntegerType && type != xsNumberType)
		xsTypeError("%s: %s must be a number, not %s", fn, name, xs_tinyml_type_name(type));
	value = xsmcToNumber(xsArg(index));
	/* NaN fails both comparisons; the cast is only reached for a whole number in range. */
	if (!(value >= 0 && value <= (double)limit) || value != (double)(size_t)value)
		xsRangeError("%s: %s must be a whole number 0..%u", fn, name, (unsigned)limit);
	return (size_t)value;
}

void xs_tinyml_sha256(xsMachine* the)
{
	const char* fn = "xs_tinyml_sha256";
	xs_tinyml_buffer data;
	size_t offset, length;
	const char* field = NULL;
	uint8_t digest[TINYML_SHA256_BYTES];
	xs_tinyml_check_argc(the, fn, 1);
	data = xs_tinyml_get_buffer(the, fn, 0, "data", 0, 0);
	offset = xs_tinyml_sha256_count(the, fn, 1, "offset", data.size, 0);
	length = xs_tinyml_sha256_count(the, fn, 2, "length", data.size - offset, data.size - offset);
	xs_tinyml_check_status(the, fn, tinyml_sha256_validate(data.size, offset, length, &field), field);
	/* No JS ran since data was fetched (offset and length are numbers, read without valueOf). */
	tinyml_sha256((const uint8_t*)data.data + offset, length, digest);
	xsmcSetArrayBuffer(xsResult, digest, TINYML_SHA256_BYTES);
}
