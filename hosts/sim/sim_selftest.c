/*
 * tinyml-sim: xs_tinyml_sim_selftest(bytes) -> the sum of the bytes.
 *
 * A tiny native exercising the path TypeScript -> native() -> C on the
 * simulator. bytes is an ArrayBuffer, a Uint8Array (or another 8-bit typed
 * array) or a DataView; anything else throws a TypeError.
 */

#include "xsmc.h"
#include "sim.h"

void xs_tinyml_sim_selftest(xsMachine* the)
{
	const uint8_t* data;
	void* address = NULL;
	xsUnsignedValue count = 0, i;
	uint64_t sum = 0;
	if (xsmcArgc != 1)
		simThrow(the, "TypeError", "xs_tinyml_sim_selftest: expected 1 argument, got %d", (int)xsmcArgc);
	if ((xsmcTypeOf(xsArg(0)) != xsReferenceType)
			|| !(xsmcIsInstanceOf(xsArg(0), xsArrayBufferPrototype)
				|| xsmcIsInstanceOf(xsArg(0), xsTypedArrayPrototype)
				|| xsmcIsInstanceOf(xsArg(0), xsDataViewPrototype)))
		simThrow(the, "TypeError", "xs_tinyml_sim_selftest: expected an ArrayBuffer, a Uint8Array or a DataView");
	xsTry {
		xsmcGetBufferReadable(xsArg(0), &address, &count); /* rejects 16- and 32-bit typed arrays */
	}
	xsCatch {
		simThrow(the, "TypeError", "xs_tinyml_sim_selftest: expected an ArrayBuffer, a Uint8Array or a DataView");
	}
	data = address;
	for (i = 0; i < count; i++)
		sum += data[i];
	if (sum <= 0x7FFFFFFF)
		xsmcSetInteger(xsResult, (xsIntegerValue)sum);
	else
		xsmcSetNumber(xsResult, (xsNumberValue)sum);
}
