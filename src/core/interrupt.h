/*
 * interrupt.h: how long-running core loops let the server cancel them.
 *
 * The glue hands the core a hook that runs CHECK_FOR_INTERRUPTS(); when a cancel or a
 * statement_timeout is pending the hook raises the query's error and does not return.  The
 * core calls it only where it holds nothing but allocator memory, which the server frees
 * with the memory context, so leaving that way loses nothing.
 */
#ifndef DEAL_INTERRUPT_H
#define DEAL_INTERRUPT_H

typedef struct DealInterrupt
{
	void		(*check) (void *ctx);
	void	   *ctx;
} DealInterrupt;

/* Call the hook, if any, once every 16k iterations of a loop counting with i. */
#define DEAL_CHECK_INTERRUPTS(intr, i) \
	do { \
		if (((i) & 0x3FFF) == 0 && (intr) != NULL && (intr)->check != NULL) \
			(intr)->check((intr)->ctx); \
	} while (0)

#endif							/* DEAL_INTERRUPT_H */
