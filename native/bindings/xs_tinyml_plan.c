/*
 * tinyml-xs: the C plan runner, for models booted from a compiled plan
 * (src/plan/compiled_plan.ts, src/plan/compiled_interpreter.ts).
 *
 * xs_tinyml_plan_run(plan, model, arena, from, to[, checkOnly]) -> undefined
 *   runs ops from..to-1 of the plan: for each, reads its kernel record (kernel number, arguments
 *   as views of the arena, the model bytes or the plan's constants), checks every argument
 *   within its buffer, aligned, of the element type the kernel takes (outputs and scratch in the
 *   arena), runs the kernel's validation and the bindings' overlap checks, and calls the kernel:
 *   the same checks as the kernel's own binding, made on every run (a plan in RAM may change), so a
 *   damaged or forged plan is a RangeError naming the op, never a wild memory access. With a true
 *   checkOnly nothing runs: the boot's check, which returns false when this build does not link
 *   some op's kernel (xs_tinyml_plan.h; true otherwise). The XS heap holds nothing per op.
 * xs_tinyml_plan_kernel_set() -> 1 when the kernels have the Arm DSP paths (their work buffers
 *   are part of a plan's arena layout), else 0.
 * xs_tinyml_crc32(bytes) -> the CRC-32 (IEEE 802.3) of a byte buffer, as a signed int32: binds a
 *   plan to its model at boot.
 *
 * The numbers below are the plan format's (compiled_plan.ts: Header, ARG_*, ELEM_*, PLAN_KERNELS).
 */
#include <string.h>
#include "xs_tinyml_bindings.h"
#include "../kernels/arm/tinyml_arm.h"
#include "xs_tinyml_plan.h"

/* Every kernel, unless the build defines its own table (xs_tinyml_plan.h). */
#define TINYML_PLAN_ALL(NATIVE) 1
__attribute__((weak)) const tinyml_plan_kernels tinyml_plan_kernel_table = TINYML_PLAN_KERNEL_TABLE(TINYML_PLAN_ALL);

#define PLAN_VERSION 2
#define PLAN_HEADER_WORDS 16
#define PLAN_H_VERSION 1
#define PLAN_H_OPS 6
#define PLAN_H_OP_TABLE 12
#define PLAN_OP_FIELDS 5
#define PLAN_ARG_FIELDS 4

#define ARG_NULL 0
#define ARG_ARENA 1
#define ARG_MODEL 2
#define ARG_PLAN 3

#define ELEM_INT8 1
#define ELEM_UINT8 2
#define ELEM_INT32 5

/* Kernel numbers: the first PLAN_C_KERNELS of PLAN_KERNELS. */
enum {
	K_COPY = 0, K_CONV_2D_INT8, K_DEPTHWISE_CONV_2D_INT8, K_FULLY_CONNECTED_INT8, K_AVERAGE_POOL_2D_INT8,
	K_MAX_POOL_2D_INT8, K_ADD_INT8, K_SUB_INT8, K_SOFTMAX_INT8, K_COUNT
};

/* What each kernel takes: its argument count and each argument's element type (0: a byte buffer of any type). */
typedef struct {
	int count;
	unsigned char elem[6];
} plan_kernel_args;

static const plan_kernel_args plan_kernels[K_COUNT] = {
	{ 2, { 0, 0 } },                                                         /* copy: source, destination */
	{ 6, { ELEM_INT32, ELEM_INT8, ELEM_INT8, ELEM_INT32, ELEM_INT8, ELEM_UINT8 } }, /* conv: params, input, filter, bias, output, scratch */
	{ 6, { ELEM_INT32, ELEM_INT8, ELEM_INT8, ELEM_INT32, ELEM_INT8, ELEM_UINT8 } }, /* depthwise */
	{ 6, { ELEM_INT32, ELEM_INT8, ELEM_INT8, ELEM_INT32, ELEM_INT8, ELEM_UINT8 } }, /* fully connected */
	{ 4, { ELEM_INT32, ELEM_INT8, ELEM_INT8, ELEM_UINT8 } },                   /* average pool: params, input, output, scratch */
	{ 4, { ELEM_INT32, ELEM_INT8, ELEM_INT8, ELEM_UINT8 } },                   /* max pool */
	{ 5, { ELEM_INT32, ELEM_INT8, ELEM_INT8, ELEM_INT8, ELEM_UINT8 } },        /* add: params, input1, input2, output, scratch */
	{ 5, { ELEM_INT32, ELEM_INT8, ELEM_INT8, ELEM_INT8, ELEM_UINT8 } },        /* sub */
	{ 3, { ELEM_INT32, ELEM_INT8, ELEM_INT8 } },                              /* softmax: params, input, output */
};

static const unsigned char plan_element_bytes[8] = { 0, 1, 1, 2, 2, 4, 4, 4 };

typedef struct {
	const uint8_t* data;
	size_t size;
} plan_span;

/* Argument `a` of op `op` (its 4 words at `w`) as a buffer; throws a RangeError unless it lies within its buffer, aligned, of type `elem` (0: any), in the arena when `writable`. */
static xs_tinyml_buffer plan_arg(xsMachine* the, const int32_t* w, int op, int a, int elem, int writable, plan_span plan, plan_span model, plan_span arena)
{
	xs_tinyml_buffer b;
	int32_t kind = w[0], offset = w[1], bytes = w[2], type = w[3];
	plan_span base;
	b.data = NULL;
	b.size = 0;
	b.present = 0;
	if (kind == ARG_NULL)
		return b;
	if (type < 1 || type > 7 || (elem != 0 && type != elem) || offset < 0 || bytes < 0)
		xsRangeError("plan op %d: argument %d: bad type, offset or length", op, a);
	if (kind == ARG_ARENA)
		base = arena;
	else if (writable)
		xsRangeError("plan op %d: argument %d must be in the arena", op, a);
	else if (kind == ARG_MODEL)
		base = model;
	else if (kind == ARG_PLAN)
		base = plan;
	else
		xsRangeError("plan op %d: argument %d: unknown kind %d", op, a, (int)kind);
	if ((size_t)offset > base.size || (size_t)bytes > base.size - (size_t)offset)
		xsRangeError("plan op %d: argument %d lies outside its buffer", op, a);
	b.data = (void*)(base.data + offset);
	b.size = (size_t)bytes;
	b.present = 1;
	if ((b.size % plan_element_bytes[type]) != 0 || ((uintptr_t)b.data % plan_element_bytes[type]) != 0)
		xsRangeError("plan op %d: argument %d is not whole aligned elements", op, a);
	return b;
}

/* Whether argument i may be null: a bias, or the scratch (the last argument) of the kernels that take one. */
static int plan_optional(int kernel, int i, int argc)
{
	if (kernel >= K_CONV_2D_INT8 && kernel <= K_FULLY_CONNECTED_INT8 && i == 3)
		return 1;
	return i == argc - 1 && kernel != K_COPY && kernel != K_SOFTMAX_INT8;
}

/* Whether this build links kernel k (xs_tinyml_plan.h). */
static int plan_linked(const tinyml_plan_kernels* t, int k)
{
	switch (k) {
	case K_COPY: return 1;
	case K_CONV_2D_INT8: return t->conv_2d_int8 != 0;
	case K_DEPTHWISE_CONV_2D_INT8: return t->depthwise_conv_2d_int8 != 0;
	case K_FULLY_CONNECTED_INT8: return t->fully_connected_int8 != 0;
	case K_AVERAGE_POOL_2D_INT8: return t->average_pool_2d_int8 != 0;
	case K_MAX_POOL_2D_INT8: return t->max_pool_2d_int8 != 0;
	case K_ADD_INT8: return t->add_int8 != 0;
	case K_SUB_INT8: return t->sub_int8 != 0;
	default: return t->softmax_int8 != 0;
	}
}

/*
 * Checks op `op` of the plan and, unless check_only, runs it. Returns 0 (checking) when this build
 * does not link the op's kernel: the runtime binds its TypeScript kernel instead.
 */
static int plan_op(xsMachine* the, int op, plan_span plan, plan_span model, plan_span arena, int check_only)
{
	static const char fn[] = "xs_tinyml_plan_run";
	const int32_t* words = (const int32_t*)plan.data;
	size_t count = plan.size / 4;
	int32_t record = words[words[PLAN_H_OP_TABLE] + PLAN_OP_FIELDS * op]; /* the op table was checked within the plan */
	int32_t kernel, argc;
	const plan_kernel_args* k;
	const tinyml_plan_kernels* table = &tinyml_plan_kernel_table;
	xs_tinyml_buffer arg[6];
	const char* field = NULL;
	tinyml_status status = TINYML_OK;
	int i;
	if (record < PLAN_HEADER_WORDS || (size_t)record + 2 > count)
		xsRangeError("plan op %d: its record lies outside the plan", op);
	kernel = words[record];
	argc = words[record + 1];
	if (kernel < 0 || kernel >= K_COUNT)
		xsRangeError("plan op %d: kernel %d does not run in C", op, (int)kernel);
	if (!plan_linked(table, kernel)) {
		if (check_only)
			return 0;
		xsRangeError("plan op %d: kernel %d is not linked in this build", op, (int)kernel);
	}
	k = &plan_kernels[kernel];
	if (argc != k->count || (size_t)record + 2 + (size_t)argc * PLAN_ARG_FIELDS > count)
		xsRangeError("plan op %d: %d arguments", op, (int)argc);
	for (i = 0; i < argc; i++) {
		/* the output (and scratch) are written: the last argument but scratch */
		int last = kernel == K_COPY || kernel == K_SOFTMAX_INT8 ? argc - 1 : argc - 2;
		int writable = i >= last;
		arg[i] = plan_arg(the, words + record + 2 + i * PLAN_ARG_FIELDS, op, i, k->elem[i], writable, plan, model, arena);
		if (!arg[i].present && !plan_optional(kernel, i, argc))
			xsRangeError("plan op %d: argument %d is missing", op, i);
	}
	if (kernel == K_COPY) {
		if (arg[0].size != arg[1].size)
			xsRangeError("plan op %d: copy of %u bytes into %u", op, (unsigned)arg[0].size, (unsigned)arg[1].size);
		if (!check_only && arg[0].data != arg[1].data)
			memmove(arg[1].data, arg[0].data, arg[1].size);
		return 1;
	}
	switch (kernel) {
	case K_CONV_2D_INT8:
	case K_DEPTHWISE_CONV_2D_INT8:
	case K_FULLY_CONNECTED_INT8: {
		xs_tinyml_conv_validate validate = kernel == K_CONV_2D_INT8 ? tinyml_conv_2d_int8_validate
			: kernel == K_DEPTHWISE_CONV_2D_INT8 ? tinyml_depthwise_conv_2d_int8_validate : tinyml_fully_connected_int8_validate;
		tinyml_plan_conv conv = kernel == K_CONV_2D_INT8 ? table->conv_2d_int8 : kernel == K_DEPTHWISE_CONV_2D_INT8 ? table->depthwise_conv_2d_int8 : table->fully_connected_int8;
		if (arg[4].size == 0)
			return 1; /* an empty output: nothing to do, as the kernel's binding */
		xs_tinyml_check_conv(the, fn, xs_tinyml_conv_int8_args, arg, validate);
		if (!check_only)
			conv((const int32_t*)arg[0].data, (const int8_t*)arg[1].data, (const int8_t*)arg[2].data, (const int32_t*)arg[3].data, (int8_t*)arg[4].data, arg[5].data);
		return 1;
	}
	case K_AVERAGE_POOL_2D_INT8:
	case K_MAX_POOL_2D_INT8:
		if (arg[2].size == 0)
			return 1;
		status = tinyml_pooling_int8_validate((const int32_t*)arg[0].data, arg[0].size / 4, arg[1].size, arg[2].size, arg[3].size, &field);
		xs_tinyml_check_status(the, fn, status, field);
		xs_tinyml_check_apart(the, fn, xs_tinyml_pool_args, 4, arg, 2);
		xs_tinyml_check_apart(the, fn, xs_tinyml_pool_args, 4, arg, 3);
		if (!check_only)
			(kernel == K_AVERAGE_POOL_2D_INT8 ? table->average_pool_2d_int8 : table->max_pool_2d_int8)((const int32_t*)arg[0].data, (const int8_t*)arg[1].data, (int8_t*)arg[2].data, arg[3].data);
		return 1;
	case K_ADD_INT8:
	case K_SUB_INT8:
		if (arg[3].size == 0)
			return 1;
		status = tinyml_add_int8_validate((const int32_t*)arg[0].data, arg[0].size / 4, arg[1].size, arg[2].size, arg[3].size, arg[4].size, &field);
		xs_tinyml_check_status(the, fn, status, field);
		xs_tinyml_check_apart(the, fn, xs_tinyml_add_args, 5, arg, 3);
		xs_tinyml_check_apart(the, fn, xs_tinyml_add_args, 5, arg, 4);
		if (!check_only)
			(kernel == K_ADD_INT8 ? table->add_int8 : table->sub_int8)((const int32_t*)arg[0].data, (const int8_t*)arg[1].data, (const int8_t*)arg[2].data, (int8_t*)arg[3].data, arg[4].data);
		return 1;
	default: /* K_SOFTMAX_INT8 */
		if (arg[2].size == 0)
			return 1;
		status = tinyml_softmax_int8_validate((const int32_t*)arg[0].data, arg[0].size / 4, arg[1].size, arg[2].size, &field);
		xs_tinyml_check_status(the, fn, status, field);
		xs_tinyml_check_apart(the, fn, xs_tinyml_softmax_args, 3, arg, 2);
		if (!check_only)
			table->softmax_int8((const int32_t*)arg[0].data, (const int8_t*)arg[1].data, (int8_t*)arg[2].data);
		return 1;
	}
}

void xs_tinyml_plan_run(xsMachine* the)
{
	static const char fn[] = "xs_tinyml_plan_run";
	xs_tinyml_buffer plan_b, model_b, arena_b;
	plan_span plan, model, arena;
	const int32_t* words;
	int32_t ops, from, to, op;
	int check_only = 0;
	xs_tinyml_check_argc(the, fn, 5);
	plan_b = xs_tinyml_get_buffer(the, fn, 0, "plan", 0, 0);
	model_b = xs_tinyml_get_buffer(the, fn, 1, "model", 0, 0);
	arena_b = xs_tinyml_get_buffer(the, fn, 2, "arena", 1, 0);
	from = xsmcToInteger(xsArg(3));
	to = xsmcToInteger(xsArg(4));
	if (xsmcArgc > 5)
		check_only = xsmcTest(xsArg(5));
	xs_tinyml_check_elements(the, fn, "plan", &plan_b, 4);
	plan.data = (const uint8_t*)plan_b.data;
	plan.size = plan_b.size;
	model.data = (const uint8_t*)model_b.data;
	model.size = model_b.size;
	arena.data = (const uint8_t*)arena_b.data;
	arena.size = arena_b.size;
	words = (const int32_t*)plan.data;
	if (plan.size / 4 < PLAN_HEADER_WORDS || words[PLAN_H_VERSION] != PLAN_VERSION)
		xsRangeError("%s: not a compiled plan of version %d", fn, PLAN_VERSION);
	ops = words[PLAN_H_OPS];
	if (words[PLAN_H_OP_TABLE] < PLAN_HEADER_WORDS || ops < 0 || (size_t)words[PLAN_H_OP_TABLE] + (size_t)ops * PLAN_OP_FIELDS > plan.size / 4)
		xsRangeError("%s: the op table lies outside the plan", fn);
	if (from < 0 || to > ops || from > to)
		xsRangeError("%s: ops %d to %d of %d", fn, (int)from, (int)to, (int)ops);
	xsmcSetTrue(xsResult);
	for (op = from; op < to; op++)
		if (!plan_op(the, op, plan, model, arena, check_only))
			xsmcSetFalse(xsResult);
}

void xs_tinyml_plan_kernel_set(xsMachine* the)
{
#ifdef TINYML_ARM_DSP
	xsmcSetInteger(xsResult, 1);
#else
	xsmcSetInteger(xsResult, 0);
#endif
}

/* CRC-32, reflected polynomial 0xEDB88320, four bits at a time (a 64-byte table). */
static const uint32_t plan_crc_nibbles[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

void xs_tinyml_crc32(xsMachine* the)
{
	static const char fn[] = "xs_tinyml_crc32";
	xs_tinyml_buffer b;
	const uint8_t* p;
	uint32_t c = 0xffffffffu;
	size_t i;
	xs_tinyml_check_argc(the, fn, 1);
	b = xs_tinyml_get_buffer(the, fn, 0, "bytes", 0, 0);
	p = (const uint8_t*)b.data;
	for (i = 0; i < b.size; i++) {
		c ^= p[i];
		c = (c >> 4) ^ plan_crc_nibbles[c & 15];
		c = (c >> 4) ^ plan_crc_nibbles[c & 15];
	}
	xsmcSetInteger(xsResult, (xsIntegerValue)(int32_t)(c ^ 0xffffffffu));
}
