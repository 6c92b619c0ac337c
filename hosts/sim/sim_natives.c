/*
 * tinyml-sim: the native(name) global.
 *
 * On devices the Moddable toolchain binds native("xs_tinyml_...") to C host
 * functions at build time. On the simulator this table does it at run time:
 * it is generated from the X-macro list in native/tinyml_natives.h, so adding
 * a native means adding one TINYML_NATIVE(name) line there and the C file
 * defining it under native/ (hosts/sim/build.mjs compiles native/ recursively).
 */

#include "xsmc.h"
#include "sim.h"

#define TINYML_NATIVE(NAME) extern void NAME(xsMachine* the);
#include "tinyml_natives.h"
#undef TINYML_NATIVE

typedef struct {
	const char* name;
	xsCallback callback;
} txSimNative;

static const txSimNative gxSimNatives[] = {
#define TINYML_NATIVE(NAME) { #NAME, NAME },
#include "tinyml_natives.h"
#undef TINYML_NATIVE
};

#define mxSimNativeCount (sizeof(gxSimNatives) / sizeof(gxSimNatives[0]))

void simNative(xsMachine* the)
{
	const char* name;
	size_t i;
	if ((xsmcArgc < 1) || (xsmcTypeOf(xsArg(0)) != xsStringType))
		simThrow(the, "TypeError", "native: name must be a string");
	name = xsmcToString(xsArg(0));
	for (i = 0; i < mxSimNativeCount; i++) {
		if (!strcmp(gxSimNatives[i].name, name)) {
			xsResult = xsNewHostFunction(gxSimNatives[i].callback, 0);
			return;
		}
	}
	simThrow(the, "TypeError", "native: no native function named \"%s\" (add it to native/tinyml_natives.h)", name);
}
