/*
 * tinyml-xs on Moddable builds: xs_tinyml_native(name), the C host function registered under
 * `name` in native/tinyml_natives.h (a new function object), or undefined. It is what the
 * simulator's global native(name) is on tinyml-sim (hosts/sim/sim_natives.c), so the runtime
 * finds its natives the same way on both, and adding a native stays one line in
 * native/tinyml_natives.h (plus its selection line in tinyml_native_select.h).
 *
 * A native the app's manifest leaves out (tinyml_native_select.h) has an empty entry: neither its
 * name nor its code is referenced (a constant condition in a static initializer is folded at
 * compile time, so the name's string is not emitted either), and the lookup returns undefined,
 * so the runtime uses the TypeScript kernel.
 */
#include "xsmc.h"
#include "mc.defines.h"
#include "tinyml_native_select.h"
#include "tinyml_kernels.h"
#include "xs_tinyml_plan.h"

void xs_tinyml_native(xsMachine* the);

#define TINYML_NATIVE(NAME) extern void NAME(xsMachine* the);
#include "tinyml_natives.h"
#undef TINYML_NATIVE

typedef struct {
	const char* name;
	xsCallback callback;
} tinyml_native_entry;

static const tinyml_native_entry tinyml_native_table[] = {
#define TINYML_NATIVE(NAME) { (TINYML_SELECT_##NAME) ? #NAME : (const char*)0, (TINYML_SELECT_##NAME) ? NAME : (xsCallback)0 },
#include "tinyml_natives.h"
#undef TINYML_NATIVE
};

/* The kernels the C plan runner may call: the selected ones (xs_tinyml_plan.h). */
#define TINYML_PLAN_SELECTED(NATIVE) TINYML_SELECT_##NATIVE
const tinyml_plan_kernels tinyml_plan_kernel_table = TINYML_PLAN_KERNEL_TABLE(TINYML_PLAN_SELECTED);

void xs_tinyml_native(xsMachine* the)
{
	const char* name;
	unsigned int i;
	xsType type = (xsmcArgc > 0) ? xsmcTypeOf(xsArg(0)) : xsUndefinedType;
	if ((type != xsStringType) && (type != xsStringXType))
		xsTypeError("tinyml native: name must be a string");
	name = xsmcToString(xsArg(0));
	for (i = 0; i < sizeof(tinyml_native_table) / sizeof(tinyml_native_table[0]); i++) {
		if (tinyml_native_table[i].name && c_strcmp(tinyml_native_table[i].name, name) == 0) {
			xsResult = xsNewHostFunction(tinyml_native_table[i].callback, 0);
			return;
		}
	}
}
