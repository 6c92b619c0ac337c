/*
 * tinyml-xs native kernel: TFLM_DECODE's LUT decoding, the same bytes as
 * src/kernels/portable/decode_lut.ts: bit-packed indices (big-endian bit order) into per-channel
 * value tables, written out as the decoded tensor.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"

TINYML_COLD tinyml_status tinyml_decode_lut_validate(const int32_t* p, size_t params_count, size_t encoded_bytes,
	size_t ancillary_bytes, size_t output_bytes, const char** field)
{
	int32_t count, width, channels, per, alternate, stride, size, values;
	uint64_t tables;
	if (p == NULL || params_count < TINYML_DECODE_LUT_HEADER)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	count = p[TINYML_DECODE_LUT_COUNT];
	width = p[TINYML_DECODE_LUT_BIT_WIDTH];
	channels = p[TINYML_DECODE_LUT_CHANNELS];
	per = p[TINYML_DECODE_LUT_CHANNEL_ELEMENTS];
	alternate = p[TINYML_DECODE_LUT_ALTERNATE];
	stride = p[TINYML_DECODE_LUT_STRIDE];
	size = p[TINYML_DECODE_LUT_ELEMENT_BYTES];
	values = p[TINYML_DECODE_LUT_VALUE_OFFSET];
	if (!tinyml_dim_ok(count))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[COUNT]");
	if (width < 1 || width > 8)
		return tinyml_fail(TINYML_ERR_FLAG, field, "params[BIT_WIDTH]");
	if (!tinyml_dim_ok(channels))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[CHANNELS]");
	if (alternate != 0 && alternate != 1)
		return tinyml_fail(TINYML_ERR_FLAG, field, "params[ALTERNATE]");
	if (!tinyml_dim_ok(per) || (int64_t)per * channels != count)
		return tinyml_fail(TINYML_ERR_MISMATCH, field, "params[CHANNEL_ELEMENTS]");
	if (stride < 0 || stride > 255)
		return tinyml_fail(TINYML_ERR_FLAG, field, "params[STRIDE]");
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return tinyml_fail(TINYML_ERR_FLAG, field, "params[ELEMENT_BYTES]");
	if (values < 0)
		return tinyml_fail(TINYML_ERR_OFFSET, field, "params[VALUE_OFFSET]");
	if (!tinyml_bytes_are(output_bytes, (uint64_t)count * (uint64_t)size))
		return tinyml_fail(TINYML_ERR_SIZE, field, "output");
	if ((uint64_t)encoded_bytes < ((uint64_t)count * (uint64_t)width + 7) / 8)
		return tinyml_fail(TINYML_ERR_SIZE, field, "encoded");
	/* The last table entry any index can reach: channel CHANNELS - 1, index 2^BIT_WIDTH - 1. */
	tables = (uint64_t)values + ((uint64_t)(channels - 1) * (uint64_t)stride + ((uint64_t)1 << width)) * (uint64_t)size;
	if ((uint64_t)ancillary_bytes < tables)
		return tinyml_fail(TINYML_ERR_SIZE, field, "ancillary");
	return TINYML_OK;
}

/* The width-bit index (1..8) starting at bit `bit`: it spans at most two bytes (the second may lie past the end). */
static inline uint32_t index_at(const uint8_t* encoded, size_t encoded_end, size_t bit, uint32_t width, uint32_t mask)
{
	const size_t byte = bit >> 3;
	const uint32_t two = ((uint32_t)encoded[byte] << 8) | (byte + 1 < encoded_end ? encoded[byte + 1] : 0u);
	return (two >> (16u - width - (uint32_t)(bit & 7u))) & mask;
}

/* The packed constants, read once. */
typedef struct {
	size_t count, channels, per, stride, size;
	uint32_t width, mask;
	int alternate;
} lut_layout;

static lut_layout layout_of(const int32_t* p)
{
	lut_layout l;
	l.count = (size_t)p[TINYML_DECODE_LUT_COUNT];
	l.width = (uint32_t)p[TINYML_DECODE_LUT_BIT_WIDTH];
	l.mask = (1u << l.width) - 1u;
	l.channels = (size_t)p[TINYML_DECODE_LUT_CHANNELS];
	l.per = (size_t)p[TINYML_DECODE_LUT_CHANNEL_ELEMENTS];
	l.stride = (size_t)p[TINYML_DECODE_LUT_STRIDE];
	l.size = (size_t)p[TINYML_DECODE_LUT_ELEMENT_BYTES];
	l.alternate = p[TINYML_DECODE_LUT_ALTERNATE] != 0;
	return l;
}

/*
 * int8 (one-byte) elements, in one pass: a 32-bit bit buffer takes whole bytes as it needs them
 * (no 64-bit arithmetic: a Cortex-M has none), each index goes straight through its channel's
 * table; 4-bit indices along axis 0 (the usual case) two a byte.
 */
static void decode_bytes(const lut_layout* l, const uint8_t* encoded, const uint8_t* values, uint8_t* output)
{
	const size_t count = l->count, channels = l->channels, per = l->per, stride = l->stride;
	const uint32_t width = l->width, mask = l->mask;
	const uint8_t* src = encoded;
	uint32_t bits = 0, held = 0; /* the low `held` bits of `bits` are the next ones */
	size_t i, c;
#define TINYML_NEXT_INDEX(index) \
	do { \
		if (held < width) { \
			bits = (bits << 8) | *src++; \
			held += 8; \
		} \
		held -= width; \
		(index) = (bits >> held) & mask; \
	} while (0)
	if (l->alternate) {
		for (i = 0, c = 0; i < count; i++) {
			uint32_t index;
			TINYML_NEXT_INDEX(index);
			output[i] = values[c * stride + index];
			if (++c == channels)
				c = 0;
		}
		return;
	}
	if (width == 4) {
		/* Two indices a byte, high nibble first; a channel may start mid-byte. */
		for (c = 0, i = 0; c < channels; c++) {
			const uint8_t* table = values + c * stride;
			const size_t end = i + per;
			if ((i & 1u) && i < end) {
				output[i] = table[encoded[i >> 1] & 0x0Fu];
				i++;
			}
			for (; i + 1 < end; i += 2) {
				const uint32_t b = encoded[i >> 1];
				output[i] = table[b >> 4];
				output[i + 1] = table[b & 0x0Fu];
			}
			if (i < end) {
				output[i] = table[encoded[i >> 1] >> 4];
				i++;
			}
		}
		return;
	}
	for (c = 0, i = 0; c < channels; c++) {
		const uint8_t* table = values + c * stride;
		const size_t end = i + per;
		for (; i < end; i++) {
			uint32_t index;
			TINYML_NEXT_INDEX(index);
			output[i] = table[index];
		}
	}
#undef TINYML_NEXT_INDEX
}

void tinyml_decode_lut(const int32_t* p, const uint8_t* encoded, const uint8_t* ancillary, uint8_t* output)
{
	const lut_layout l = layout_of(p);
	const uint8_t* values = ancillary + p[TINYML_DECODE_LUT_VALUE_OFFSET];
	const size_t end = (l.count * l.width + 7u) / 8u, size = l.size;
	size_t i, c, k, bit = 0;
	if (size == 1) {
		decode_bytes(&l, encoded, values, output);
		return;
	}
	for (i = 0; i < l.count; i++, bit += l.width) {
		c = l.alternate ? i % l.channels : i / l.per;
		const uint8_t* from = values + (c * l.stride + index_at(encoded, end, bit, l.width, l.mask)) * size;
		/* a byte loop, not memcpy: the portable kernels need no C library (freestanding builds) */
		for (k = 0; k < size; k++)
			output[i * size + k] = from[k];
	}
}
