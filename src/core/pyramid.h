/*
 * pyramid.h: the risk pyramid (Kaiser Permanente; the NHS long-term conditions model):
 * a population ranked by risk, highest first, is placed in three levels:
 *   level 3, intensive case management: the top level3 share (1-5% in practice; default 5%)
 *   level 2, care management: the next level2 share (20-30%; default 20%)
 *   level 1, supported self-care: everyone else.
 *
 * Placement is by rank (1 = highest risk, as rank() gives it, so people with equal scores
 * share a rank and so a level): level 3 holds ranks 1 .. ceil(level3 x population), levels 3
 * and 2 together ranks 1 .. ceil((level3 + level2) x population).  A product within a
 * billionth of a whole number counts as that number, so that 0.07 x 100 is 7, not the 7.000...01
 * that binary floating point makes of it.
 */
#ifndef DEAL_PYRAMID_H
#define DEAL_PYRAMID_H

#include <stdint.h>

#include "status.h"

#define PYRAMID_LEVEL3_DEFAULT 0.05
#define PYRAMID_LEVEL2_DEFAULT 0.20

/* The names of levels 1, 2 and 3 (index 0 unused). */
extern const char *const pyramid_level_names[4];

/*
 * The level (1, 2 or 3) of rank among population people; DEAL_BAD_ARGUMENT unless
 * 1 <= rank <= population, and the shares are in [0, 1] and add up to at most 1; the
 * position is then the 0-based index of the argument at fault (rank, population, level3,
 * level2; level2 when they add up to more than 1).
 */
extern DealCode pyramid_level(int64_t rank, int64_t population, double level3, double level2,
							  int *level, DealStatus *st);

#endif							/* DEAL_PYRAMID_H */
