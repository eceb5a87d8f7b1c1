/*
 * prefetch.h: a hint to fetch memory that will soon be read, for loops whose look-ups
 * would otherwise wait on memory one at a time.
 */
#ifndef DEAL_PREFETCH_H
#define DEAL_PREFETCH_H

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void) (p))
#endif

#endif							/* DEAL_PREFETCH_H */
