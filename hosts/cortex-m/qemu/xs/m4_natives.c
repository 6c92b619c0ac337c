/*
 * tinyml-m4: the native(name) global, from the same X-macro list as the simulator
 * (native/tinyml_natives.h), so a native added there is on the image too.
 *
 * Each native is reached through a wrapper that, while m4.countKernels(true) is on, makes the
 * call a cm4count region: the instructions counted are the C kernel's, from its entry to its
 * return, and everything else (XS dispatch, the interpreter, the TypeScript ops) is not.
 */

#include "xsmc.h"
#include "m4.h"

#include <string.h>

int gxM4CountKernels = 0;

#define TINYML_NATIVE(NAME) extern void NAME(xsMachine* the);
#include "tinyml_natives.h"
#undef TINYML_NATIVE

/* The simulator's self-test native lives with the simulator's host; here it only says so. */
__attribute__((weak)) void xs_tinyml_sim_selftest(xsMachine* the)
{
	xsUnknownError("xs_tinyml_sim_selftest: only on the simulator");
}

#define TINYML_NATIVE(NAME) \
	static void m4Counted_##NAME(xsMachine* the) \
	{ \
		if (gxM4CountKernels) { \
			bench_start(); \
			NAME(the); \
			bench_stop(); \
		} \
		else \
			NAME(the); \
	}
#include "tinyml_natives.h"
#undef TINYML_NATIVE

typedef struct {
	const char* name;
	xsCallback callback;
} txM4Native;

static const txM4Native gxM4Natives[] = {
#define TINYML_NATIVE(NAME) { #NAME, m4Counted_##NAME },
#include "tinyml_natives.h"
#undef TINYML_NATIVE
};

#define mxM4NativeCount (sizeof(gxM4Natives) / sizeof(gxM4Natives[0]))

void m4Native(xsMachine* the)
{
	const char* name;
	size_t i;
	if ((xsmcArgc < 1) || (xsmcTypeOf(xsArg(0)) != xsStringType))
		xsTypeError("native: name must be a string");
	name = xsmcToString(xsArg(0));
	for (i = 0; i < mxM4NativeCount; i++) {
		if (!strcmp(gxM4Natives[i].name, name)) {
			xsResult = xsNewHostFunction(gxM4Natives[i].callback, 0);
			return;
		}
	}
	xsTypeError("native: no native function named \"%s\"", name);
}
