/*
 * tinyml-sim: xs_tinyml_sim_selftest(bytes) -> the sum of the bytes.
 *
 * A tiny native exercising the path TypeScript -> native() -> C on the
 * simulator. bytes is an ArrayBuffer, a Uint8Array (or another 8-bit typed
 * array) or a DataView; anything else throws a TypeError.
 */

#include "xsmc.h"
#include "sim.h"

static void simSelftestBytes(xsMachine* the, void** data, xsUnsignedValue* count)
{
	static const char* expected = "xs_tinyml_sim_selftest: expected an ArrayBuffer, a Uint8Array or a DataView";
	if ((xsmcTypeOf(xsArg(0)) != xsReferenceType)
			|| !(xsmcIsInstanceOf(xsArg(0), xsArrayBufferPrototype)
				|| xsmcIsInstanceOf(xsArg(0), xsTypedArrayPrototype)
				|| xsmcIsInstanceOf(xsArg(0), xsDataViewPrototype)))
		simThrow(the, "TypeError", "%s", expected);
	xsTry {
		xsmcGetBufferReadable(xsArg(0), data, count); /* rejects 16- and 32-bit typed arrays */
	}
	xsCatch {
		simThrow(the, "TypeError", "%s", expected);
	}
}

void xs_tinyml_sim_selftest(xsMachine* the)
{
	void* data = NULL;
	xsUnsignedValue count = 0, i;
	uint64_t sum = 0;
	if (xsmcArgc != 1)
		simThrow(the, "TypeError", "xs_tinyml_sim_selftest: expected 1 argument, got %d", (int)xsmcArgc);
	simSelftestBytes(the, &data, &count);
	for (i = 0; i < count; i++)
		sum += ((const uint8_t*)data)[i];
	if (sum <= 0x7FFFFFFF)
		xsmcSetInteger(xsResult, (xsIntegerValue)sum);
	else
		xsmcSetNumber(xsResult, (xsNumberValue)sum);
}
