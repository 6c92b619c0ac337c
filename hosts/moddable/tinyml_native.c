/*
 * tinyml-xs on Moddable builds: xs_tinyml_native(name), the C host function registered under
 * `name` in native/tinyml_natives.h (a new function object), or undefined. It is what the
 * simulator's global native(name) is on tinyml-sim (hosts/sim/sim_natives.c), so the runtime
 * finds its natives the same way on both, and adding a native stays one line in
 * native/tinyml_natives.h (plus its selection line in tinyml_native_select.h).
 *
 * A native the app's manifest leaves out (tinyml_native_select.h) has no entry: neither its name
 * nor its code is referenced (a constant condition in a static initializer is folded at compile
 * time, so the name's string is not emitted either), and the lookup returns undefined, so the
 * runtime uses the TypeScript kernel.
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

/*
 * The table holds the selected natives only: each one's index is the count of selected natives
 * before it in the list (an enum counts them at compile time), and the entries of the left-out
 * ones all go to one spare last entry, which each overwrites with an empty one (C99: a later
 * designated initializer overrides an earlier one for the same element).
 */
enum {
#define TINYML_NATIVE(NAME) tinyml_index_##NAME, tinyml_next_##NAME = tinyml_index_##NAME + ((TINYML_SELECT_##NAME) ? 1 : 0) - 1,
#include "tinyml_natives.h"
#undef TINYML_NATIVE
	tinyml_native_count
};

/* (The overrides are the point: no warning for them.) */
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winitializer-overrides"
#elif defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
#endif
static const tinyml_native_entry tinyml_native_table[tinyml_native_count + 1] = {
#define TINYML_NATIVE(NAME) [(TINYML_SELECT_##NAME) ? tinyml_index_##NAME : tinyml_native_count] = \
	{ (TINYML_SELECT_##NAME) ? #NAME : (const char*)0, (TINYML_SELECT_##NAME) ? NAME : (xsCallback)0 },
#include "tinyml_natives.h"
#undef TINYML_NATIVE
};
#if defined(__clang__)
#pragma clang diagnostic pop
#elif defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

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
	for (i = 0; i < tinyml_native_count; i++) {
		if (c_strcmp(tinyml_native_table[i].name, name) == 0) {
			xsResult = xsNewHostFunction(tinyml_native_table[i].callback, 0);
			return;
		}
	}
}
