/*
 * tinyml-xs: SHA-256 (FIPS 180-4), portable C99, for the model lifecycle (the SHA-256 of a model
 * and of its self-test vectors, checked on every update and at boot). The pure JavaScript hash is
 * tens of times slower inside XS, and a model is hundreds of kilobytes of flash.
 *
 * Byte order is explicit (big-endian loads and stores): no alignment or endianness assumptions,
 * so data may be any byte address, e.g. a memory-mapped flash slot.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"

static const uint32_t tinyml_sha256_k[64] = {
	0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
	0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
	0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
	0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
	0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
	0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
	0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
	0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static uint32_t load_be32(const uint8_t* p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void store_be32(uint8_t* p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* One 64-byte block into the state (FIPS 180-4 section 6.2.2), with a 16-word rolling schedule. */
static void tinyml_sha256_block(uint32_t* restrict state, const uint8_t* restrict block)
{
	uint32_t w[16];
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
	int t;
	for (t = 0; t < 64; t++) {
		uint32_t wt, t1, t2;
		if (t < 16) {
			wt = load_be32(block + 4 * t);
		} else {
			uint32_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
			uint32_t s0 = ROTR(w15, 7) ^ ROTR(w15, 18) ^ (w15 >> 3);
			uint32_t s1 = ROTR(w2, 17) ^ ROTR(w2, 19) ^ (w2 >> 10);
			wt = w[t & 15] + s0 + w[(t - 7) & 15] + s1;
		}
		w[t & 15] = wt;
		t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + tinyml_sha256_k[t] + wt;
		t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
}

TINYML_COLD tinyml_status tinyml_sha256_validate(size_t data_bytes, size_t offset, size_t length, const char** field)
{
	/* offset and length select [offset, offset + length) of data; written to not overflow. */
	if (offset > data_bytes) {
		if (field) *field = "offset";
		return TINYML_ERR_SIZE;
	}
	if (length > data_bytes - offset) {
		if (field) *field = "length";
		return TINYML_ERR_SIZE;
	}
#if SIZE_MAX > 0x1FFFFFFFFFFFFFFFull
	/* Only a size_t wider than 61 bits can name a message beyond FIPS 180-4's 2^64 bits. */
	if ((uint64_t)length > TINYML_SHA256_MAX_BYTES) {
		if (field) *field = "length";
		return TINYML_ERR_SIZE;
	}
#endif
	return TINYML_OK;
}

/* Byte copy and fill of our own: the kernels compile freestanding (no string.h on some targets). */
static void copy_bytes(uint8_t* d, const uint8_t* s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) d[i] = s[i];
}

static void zero_bytes(uint8_t* d, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) d[i] = 0;
}

void tinyml_sha256_init(tinyml_sha256_context* ctx)
{
	size_t i;
	static const uint32_t h0[8] = {
		0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au, 0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
	};
	for (i = 0; i < 8; i++) ctx->state[i] = h0[i];
	ctx->bytes = 0;
	ctx->used = 0;
}

void tinyml_sha256_update(tinyml_sha256_context* ctx, const uint8_t* data, size_t length)
{
	ctx->bytes += length;
	/* Top up a partial block first, then whole blocks straight from data (no copy), then keep the tail. */
	if (ctx->used > 0) {
		size_t take = 64 - ctx->used;
		if (take > length) take = length;
		copy_bytes(ctx->block + ctx->used, data, take);
		ctx->used += take;
		data += take;
		length -= take;
		if (ctx->used < 64) return;
		tinyml_sha256_block(ctx->state, ctx->block);
		ctx->used = 0;
	}
	while (length >= 64) {
		tinyml_sha256_block(ctx->state, data);
		data += 64;
		length -= 64;
	}
	if (length > 0) {
		copy_bytes(ctx->block, data, length);
		ctx->used = length;
	}
}

void tinyml_sha256_final(tinyml_sha256_context* ctx, uint8_t digest[TINYML_SHA256_BYTES])
{
	/* Padding (section 5.1.1): 0x80, zeros to 56 mod 64, the message length in bits as a big-endian u64. */
	uint64_t bits = ctx->bytes * 8u;
	size_t i = ctx->used;
	ctx->block[i++] = 0x80;
	if (i > 56) {
		zero_bytes(ctx->block + i, 64 - i);
		tinyml_sha256_block(ctx->state, ctx->block);
		i = 0;
	}
	zero_bytes(ctx->block + i, 56 - i);
	store_be32(ctx->block + 56, (uint32_t)(bits >> 32));
	store_be32(ctx->block + 60, (uint32_t)bits);
	tinyml_sha256_block(ctx->state, ctx->block);
	for (i = 0; i < 8; i++) store_be32(digest + 4 * i, ctx->state[i]);
	/* Leave nothing of the message behind. */
	zero_bytes(ctx->block, sizeof(ctx->block));
	for (i = 0; i < 8; i++) ctx->state[i] = 0;
	ctx->bytes = 0;
	ctx->used = 0;
}

TINYML_COLD void tinyml_sha256(const uint8_t* data, size_t length, uint8_t digest[TINYML_SHA256_BYTES])
{
	tinyml_sha256_context ctx;
	tinyml_sha256_init(&ctx);
	tinyml_sha256_update(&ctx, data, length);
	tinyml_sha256_final(&ctx, digest);
}
