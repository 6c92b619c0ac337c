/*
 * XS hosts: printing an exception the program did not catch (public API, xsmc.h).
 */

#include "xsmc.h"
#include "xs_host.h"

#include <stdio.h>

void xsHostReportException(xsMachine* the, const char* prefix, xsSlot* exception)
{
	fflush(stdout);
	xsTry {
		const char* text = NULL;
		if (xsmcTypeOf(*exception) == xsReferenceType) {
			xsmcGet(xsResult, *exception, xsID("stack"));
			if (xsmcTypeOf(xsResult) == xsStringType)
				text = xsmcToString(xsResult);
		}
		if (!text) {
			xsmcGet(xsResult, xsGlobal, xsID("String"));
			xsResult = xsCallFunction1(xsResult, xsUndefined, *exception);
			text = xsmcToString(xsResult);
		}
		fprintf(stderr, "%s: %s\n", prefix, text);
	}
	xsCatch {
		fprintf(stderr, "%s: (the exception cannot be converted to a string)\n", prefix);
	}
	fflush(stderr);
}
