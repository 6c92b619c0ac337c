/*
 * tinyml-xs on Moddable builds: xs_tinyml_native(name), the C host function registered under
 * `name` in native/tinyml_natives.h (a new function object), or undefined. It is what the
 * simulator's global native(name) is on tinyml-sim (hosts/sim/sim_natives.c), so the runtime
 * finds its natives the same way on both, and adding a native stays one line in
 * native/tinyml_natives.h.
 *
 * xs_tinyml_sim_selftest is listed there but exists on the simulator only: here its entry is
 * renamed, by a macro, to a function that is never returned (the name is stringized before the
 * macro applies, so the table still reads "xs_tinyml_sim_selftest").
 */
#include "xsmc.h"

void xs_tinyml_native(xsMachine* the);
void xs_tinyml_native_unavailable(xsMachine* the);

#define xs_tinyml_sim_selftest xs_tinyml_native_unavailable

#define TINYML_NATIVE(NAME) extern void NAME(xsMachine* the);
#include "tinyml_natives.h"
#undef TINYML_NATIVE

typedef struct {
	const char* name;
	xsCallback callback;
} tinyml_native_entry;

static const tinyml_native_entry tinyml_native_table[] = {
#define TINYML_NATIVE(NAME) { #NAME, NAME },
#include "tinyml_natives.h"
#undef TINYML_NATIVE
};

#undef xs_tinyml_sim_selftest

void xs_tinyml_native_unavailable(xsMachine* the)
{
	xsUnknownError("tinyml: this native exists in the simulator only");
}

void xs_tinyml_native(xsMachine* the)
{
	const char* name;
	unsigned int i;
	xsType type = (xsmcArgc > 0) ? xsmcTypeOf(xsArg(0)) : xsUndefinedType;
	if ((type != xsStringType) && (type != xsStringXType))
		xsTypeError("tinyml native: name must be a string");
	name = xsmcToString(xsArg(0));
	for (i = 0; i < sizeof(tinyml_native_table) / sizeof(tinyml_native_table[0]); i++) {
		if (c_strcmp(tinyml_native_table[i].name, name) == 0) {
			if (tinyml_native_table[i].callback != xs_tinyml_native_unavailable)
				xsResult = xsNewHostFunction(tinyml_native_table[i].callback, 0);
			return;
		}
	}
}
