/*
 * tinyml-m4: the watchdog. SysTick counts the board's 25 MHz processor clock down from 2^16; each
 * time it wraps the handler counts one period, and after the job's limit it reports and stops the
 * image with M4_EXIT_WATCHDOG, so that a runaway loop never hangs the caller. QEMU runs the image
 * with -icount shift=0 (see runner.ts): virtual time advances 1 ns per instruction executed, so a
 * period is 65536 x 40 = 2,621,440 instructions, the same on every run and every machine.
 */

#include <stdio.h>
#include "semihost.h"
#include "m4.h"

#define SYST_CSR (*(volatile uint32_t*)0xE000E010)
#define SYST_RVR (*(volatile uint32_t*)0xE000E014)
#define SYST_CVR (*(volatile uint32_t*)0xE000E018)
#define SYST_CSR_ENABLE 1u
#define SYST_CSR_TICKINT 2u
#define SYST_CSR_CLKSOURCE 4u /* the processor clock */

static volatile long gxM4WatchdogLeft = 0;

void m4StartWatchdog(long ticks)
{
	if (ticks <= 0)
		return;
	gxM4WatchdogLeft = ticks;
	SYST_RVR = 0x0000FFFFu;
	SYST_CVR = 0;
	SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE;
}

void systick_handler(void)
{
	if (--gxM4WatchdogLeft > 0)
		return;
	SYST_CSR = 0;
	sh_puts(M4_NAME ": fatal: instruction limit reached (watchdog)\n");
	sh_exit(M4_EXIT_WATCHDOG);
}
