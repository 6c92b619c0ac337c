/*
 * tinyml-xs bare-metal images for QEMU's mps2 boards (Cortex-M0+/M4F/M7): the vector table, the
 * reset handler (.data copied from flash, .bss zeroed, the FPU enabled where there is one), then
 * main(), whose return value becomes QEMU's exit status through semihosting.
 */
#include <stdint.h>
#include "semihost.h"

extern uint32_t _data_load[], _data_start[], _data_end[], _bss_start[], _bss_end[], _stack_top[];
int main(void);
void reset_handler(void);
/* SysTick's handler: an image may define its own (the XS image's watchdog), else a fault. */
void systick_handler(void) __attribute__((weak));

static void fault_handler(void)
{
	sh_puts("FAULT: hard fault or unexpected exception\n");
	sh_exit(99);
}

void systick_handler(void)
{
	fault_handler();
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
	(void (*)(void))(uintptr_t)_stack_top,
	reset_handler,
	fault_handler, /* NMI */
	fault_handler, /* HardFault */
	fault_handler, /* MemManage */
	fault_handler, /* BusFault */
	fault_handler, /* UsageFault */
	0, 0, 0, 0,
	fault_handler, /* SVCall */
	fault_handler, /* DebugMonitor */
	0,
	fault_handler, /* PendSV */
	systick_handler, /* SysTick */
};

void reset_handler(void)
{
	uint32_t *src = _data_load, *dst = _data_start;
	while (dst < _data_end)
		*dst++ = *src++;
	for (dst = _bss_start; dst < _bss_end; dst++)
		*dst = 0;
#if defined(__ARM_FP)
	/* CPACR: full access to CP10 and CP11 (the FPU). */
	*(volatile uint32_t*)0xE000ED88 |= 0xFu << 20;
	__asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
	sh_exit(main());
}
