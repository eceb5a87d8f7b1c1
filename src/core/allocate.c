/*
 * allocate.c: optimal allocation by successive shortest paths, person by person, and the
 * check of a list of candidate pairs, which numbers assets as the solver does.
 *
 * Nodes: people 0..P-1, assets P..P+A-1, and "unallocated" U = P+A.  A person's residual
 * edges go to each candidate asset they are not at (cost -score) and to U (cost 0) unless
 * there; an asset's go back to each person at it (cost +score), taking them off it.  U has
 * no edges out: moving someone off "unallocated" cannot help an optimal allocation.
 */
#include "allocate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "prefetch.h"

#define NONE UINT32_MAX

/* Order pairs by (person, asset). */
static int
compare_pairs(const void *x, const void *y)
{
	const AllocPair *a = x;
	const AllocPair *b = y;

	if (a->person != b->person)
		return a->person < b->person ? -1 : 1;
	if (a->asset != b->asset)
		return a->asset < b->asset ? -1 : 1;
	return 0;
}

/* A person and their best score, for the order people are placed in. */
typedef struct PersonOrder
{
	double		best;
	uint32_t	person;
} PersonOrder;

/* Best score first, then person number. */
static int
compare_order(const void *x, const void *y)
{
	const PersonOrder *a = x;
	const PersonOrder *b = y;

	if (a->best != b->best)
		return a->best > b->best ? -1 : 1;
	return a->person < b->person ? -1 : a->person > b->person ? 1 : 0;
}

/* An asset met in the pairs: its id, its capacity and the order it was first met in. */
typedef struct SeenAsset
{
	int64_t		id;
	int32_t		capacity;
	uint32_t	seen;
} SeenAsset;

/* Order seen assets by id. */
static int
compare_seen(const void *x, const void *y)
{
	const SeenAsset *a = x;
	const SeenAsset *b = y;

	return a->id < b->id ? -1 : a->id > b->id ? 1 : 0;
}

/* The distinct assets of a set of pairs, numbered in id order. */
typedef struct AssetNumbers
{
	uint32_t	count;
	SeenAsset  *assets;			/* count, by id */
	uint32_t   *of_pair;		/* the number of each pair's asset */
} AssetNumbers;

/* Hash of an asset id. */
static inline uint32_t
hash_asset(int64_t id)
{
	return (uint32_t) deal_mix64((uint64_t) id);
}

/* Free what number_assets allocated. */
static void
asset_numbers_free(AssetNumbers *an, const DealAllocator *alloc)
{
	deal_release(alloc, an->assets);
	deal_release(alloc, an->of_pair);
	an->assets = NULL;
	an->of_pair = NULL;
}

/*
 * Double the hash table over an's assets (or make its first) and the assets array, placing
 * every asset again; false when out of memory (what was there is kept, to be freed).
 */
static bool
grow_assets(AssetNumbers *an, uint32_t **slots, size_t *n_slots, const DealAllocator *alloc)
{
	size_t		grown = *n_slots ? 2 * *n_slots : 1024;
	uint32_t   *more = deal_alloc(alloc, grown * sizeof(uint32_t));
	SeenAsset  *assets = deal_resize(alloc, an->assets, (grown / 2 + 1) * sizeof(SeenAsset));

	if (assets != NULL)
		an->assets = assets;
	if (more == NULL || assets == NULL)
	{
		deal_release(alloc, more);
		return false;
	}
	memset(more, 0xFF, grown * sizeof(uint32_t));
	for (uint32_t j = 0; j < an->count; j++)
	{
		size_t		h = hash_asset(an->assets[j].id) & (grown - 1);

		while (more[h] != NONE)
			h = (h + 1) & (grown - 1);
		more[h] = j;
	}
	deal_release(alloc, *slots);
	*slots = more;
	*n_slots = grown;
	return true;
}

/*
 * Number the distinct assets of pairs in id order through a hash table (a sort of every
 * pair would cost far more: assets are few), checking that each has one capacity; failure
 * is the code for disagreeing capacities.  The first disagreement in pair order is reported.
 */
static DealCode
number_assets(const AllocPair *pairs, size_t n, const DealAllocator *alloc, DealCode failure,
			  const DealInterrupt *intr, AssetNumbers *an, DealStatus *st)
{
	size_t		n_slots = 0;
	uint32_t   *slots = NULL;	/* first-seen numbers, or NONE */
	uint32_t   *rank;

	an->count = 0;
	an->assets = NULL;
	an->of_pair = deal_alloc(alloc, (n + 1) * sizeof(uint32_t));
	if (an->of_pair == NULL)
		goto oom;
	for (size_t i = 0; i < n; i++)
	{
		size_t		h;
		uint32_t	k;

		DEAL_CHECK_INTERRUPTS(intr, i);
		if (2 * (size_t) an->count >= n_slots && !grow_assets(an, &slots, &n_slots, alloc))
			goto oom;
		for (h = hash_asset(pairs[i].asset) & (n_slots - 1);; h = (h + 1) & (n_slots - 1))
			if (slots[h] == NONE || an->assets[slots[h]].id == pairs[i].asset)
				break;
		if (slots[h] == NONE)
		{
			slots[h] = an->count;
			an->assets[an->count] = (SeenAsset) {pairs[i].asset, pairs[i].capacity, an->count};
			an->count++;
		}
		k = slots[h];
		if (an->assets[k].capacity != pairs[i].capacity)
		{
			deal_fail(st, failure, -1, "Asset %lld is given capacities %d and %d.",
					  (long long) pairs[i].asset, an->assets[k].capacity, pairs[i].capacity);
			deal_release(alloc, slots);
			asset_numbers_free(an, alloc);
			return st->code;
		}
		an->of_pair[i] = k;
	}
	deal_release(alloc, slots);
	slots = NULL;

	/* renumber in id order */
	rank = deal_alloc(alloc, ((size_t) an->count + 1) * sizeof(uint32_t));
	if (rank == NULL)
		goto oom;
	if (an->count > 0)
		qsort(an->assets, an->count, sizeof(SeenAsset), compare_seen);
	for (uint32_t r = 0; r < an->count; r++)
		rank[an->assets[r].seen] = r;
	for (size_t i = 0; i < n; i++)
		an->of_pair[i] = rank[an->of_pair[i]];
	deal_release(alloc, rank);
	return DEAL_OK;

oom:
	deal_release(alloc, slots);
	asset_numbers_free(an, alloc);
	return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to number the assets of %zu pairs.", n);
}

/* Are pairs sorted by (person, asset)? */
static bool
pairs_sorted(const AllocPair *pairs, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (compare_pairs(&pairs[i - 1], &pairs[i]) > 0)
			return false;
	return true;
}

/* Everything the solver holds, so that one exit frees it all. */
typedef struct Solver
{
	const DealAllocator *alloc;
	uint32_t	n_people;
	uint32_t	n_assets;
	uint32_t	unallocated;	/* node number of U */
	/* candidate edges, by person */
	uint32_t   *edge_start;		/* n_people + 1 */
	uint32_t   *edge_asset;		/* asset node numbers */
	uint32_t   *edge_person;
	double	   *edge_score;
	size_t	   *edge_pair;		/* index of the sorted pair */
	/* assets */
	AssetNumbers asset_numbers;
	int32_t    *capacity;
	int32_t    *used;
	/*
	 * seats: the people at asset a fill seat_person[seat_start[a] ..][0 .. used[a]), each
	 * beside the score they are there by, so a search reads an asset's people in one sweep
	 */
	uint32_t   *seat_start;		/* n_assets + 1; an asset has min(capacity, candidates) */
	uint32_t   *seat_person;
	double	   *seat_score;
	/* people */
	uint32_t   *at;				/* asset node, unallocated, or NONE */
	uint32_t   *at_edge;		/* the edge they are at an asset by */
	uint32_t   *seat;			/* the seat they hold at that asset */
	/* search */
	double	   *potential;		/* per node */
	double	   *dist;
	uint32_t   *pred;			/* asset: edge it was reached by; person: asset it was reached from */
	unsigned char *done;
	uint32_t   *touched;
	size_t		n_touched;
	uint32_t   *heap;			/* nodes */
	uint32_t   *heap_pos;		/* where each node is in heap, or NONE */
	unsigned char *sinkish;		/* whether each queued node would end the search */
	size_t		heap_size;
	double		bound;			/* the shortest way out found so far */
} Solver;

/* Free a solver's arrays. */
static void
solver_free(Solver *s)
{
	void	   *arrays[] = {s->edge_start, s->edge_asset, s->edge_person, s->edge_score, s->edge_pair,
		s->capacity, s->used, s->seat_start, s->seat_person, s->seat_score,
		s->at, s->at_edge, s->seat,
		s->potential, s->dist, s->pred, s->done, s->touched, s->heap, s->heap_pos, s->sinkish};

	for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++)
		deal_release(s->alloc, arrays[i]);
	asset_numbers_free(&s->asset_numbers, s->alloc);
}

/*
 * The heap orders nodes by tentative distance, then puts a place to stop first (so a plateau
 * of equal distances is not searched through when a free place lies on it), then the lower
 * node number (so ties break the same way every time).  It is indexed (heap_pos), so a
 * shorter distance moves a node up instead of adding it again: relaxations far outnumber
 * settled nodes here.
 */
static inline int
node_less(const Solver *s, uint32_t a, uint32_t b)
{
	if (s->dist[a] != s->dist[b])
		return s->dist[a] < s->dist[b];
	if (s->sinkish[a] != s->sinkish[b])
		return s->sinkish[a] > s->sinkish[b];
	return a < b;
}

/* Move the node at heap slot i up to where it belongs. */
static void
sift_up(Solver *s, size_t i)
{
	uint32_t	node = s->heap[i];

	while (i > 0 && node_less(s, node, s->heap[(i - 1) / 2]))
	{
		s->heap[i] = s->heap[(i - 1) / 2];
		s->heap_pos[s->heap[i]] = (uint32_t) i;
		i = (i - 1) / 2;
	}
	s->heap[i] = node;
	s->heap_pos[node] = (uint32_t) i;
}

/* Remove and return the nearest node. */
static uint32_t
heap_pop(Solver *s)
{
	uint32_t	top = s->heap[0];
	uint32_t	node = s->heap[--s->heap_size];
	size_t		i = 0;

	s->heap_pos[top] = NONE;
	if (s->heap_size == 0)
		return top;
	for (;;)
	{
		size_t		l = 2 * i + 1;
		size_t		m = l;

		if (l >= s->heap_size)
			break;
		if (l + 1 < s->heap_size && node_less(s, s->heap[l + 1], s->heap[l]))
			m = l + 1;
		if (!node_less(s, s->heap[m], node))
			break;
		s->heap[i] = s->heap[m];
		s->heap_pos[s->heap[i]] = (uint32_t) i;
		i = m;
	}
	s->heap[i] = node;
	s->heap_pos[node] = (uint32_t) i;
	return top;
}

/* Is node a place the search can stop: "unallocated", or an asset with room? */
static inline int
is_sink(const Solver *s, uint32_t node)
{
	return node == s->unallocated ||
		(node >= s->n_people && s->used[node - s->n_people] < s->capacity[node - s->n_people]);
}

/* Offer asset or "unallocated" node a distance through pred. */
static inline void
relax(Solver *s, uint32_t node, double dist, uint32_t pred)
{
	if (s->done[node] || dist >= s->dist[node] || dist > s->bound)
		return;
	if (is_sink(s, node) && dist < s->bound)
		s->bound = dist;		/* no path longer than a known way out can be the cheapest */
	if (isinf(s->dist[node]))
	{
		s->touched[s->n_touched++] = node;
		s->sinkish[node] = (unsigned char) is_sink(s, node);
		s->heap[s->heap_size] = node;
		s->heap_pos[node] = (uint32_t) s->heap_size++;
	}
	s->dist[node] = dist;
	s->pred[node] = pred;
	sift_up(s, s->heap_pos[node]);
}

/* Take person v off the asset it is at (if any): the asset's last seat fills theirs. */
static void
unlink_person(Solver *s, uint32_t v)
{
	uint32_t	a = s->at[v];
	uint32_t	last;

	if (a == NONE || a == s->unallocated)
		return;
	a -= s->n_people;
	last = s->seat_start[a] + (uint32_t) --s->used[a];
	s->seat_person[s->seat[v]] = s->seat_person[last];
	s->seat_score[s->seat[v]] = s->seat_score[last];
	s->seat[s->seat_person[last]] = s->seat[v];
}

/* Put person v at asset node a by edge e (or at "unallocated"). */
static void
link_person(Solver *s, uint32_t v, uint32_t a, uint32_t e)
{
	s->at[v] = a;
	s->at_edge[v] = e;
	if (a == s->unallocated)
		return;
	a -= s->n_people;
	s->seat[v] = s->seat_start[a] + (uint32_t) s->used[a]++;
	s->seat_person[s->seat[v]] = v;
	s->seat_score[s->seat[v]] = s->edge_score[e];
}

/* Reach person v at distance dist (from asset pred, or NONE for the one being placed) and
 * offer its edges onwards. */
static void
expand_person(Solver *s, uint32_t v, double dist, uint32_t pred)
{
	if (dist > s->bound)
		return;					/* cannot lead to a cheaper way out */
	s->touched[s->n_touched++] = v;
	s->dist[v] = dist;
	s->pred[v] = pred;
	for (uint32_t e = s->edge_start[v]; e < s->edge_start[v + 1]; e++)
	{
		uint32_t	a = s->edge_asset[e];
		double		reduced = -s->edge_score[e] + s->potential[v] - s->potential[a];

		if (s->at[v] == a)
			continue;
		relax(s, a, dist + (reduced > 0 ? reduced : 0), e);
	}
	if (s->at[v] != s->unallocated)
	{
		double		reduced = s->potential[v] - s->potential[s->unallocated];

		relax(s, s->unallocated, dist + (reduced > 0 ? reduced : 0), v);
	}
}

/*
 * Place person p by the cheapest augmenting path.  Only assets and
 * "unallocated" go through the heap: a person has one way in (from the asset they are at),
 * so their distance is known the moment that asset is settled, and they are expanded then.
 */
static void
place(Solver *s, uint32_t p, const DealInterrupt *intr)
{
	uint32_t	sink = s->unallocated;
	double		top = s->potential[s->unallocated];
	size_t		steps = 0;

	/* potentials that make p's edges' reduced costs non-negative (nothing leads to p yet) */
	for (uint32_t e = s->edge_start[p]; e < s->edge_start[p + 1]; e++)
		if (s->edge_score[e] + s->potential[s->edge_asset[e]] > top)
			top = s->edge_score[e] + s->potential[s->edge_asset[e]];
	s->potential[p] = top;

	s->n_touched = 0;
	s->heap_size = 0;
	s->bound = INFINITY;
	expand_person(s, p, 0, NONE);
	while (s->heap_size > 0)
	{
		uint32_t	x = heap_pop(s);
		uint32_t	seats,
					end;

		DEAL_CHECK_INTERRUPTS(intr, ++steps);
		if (is_sink(s, x))
		{
			sink = x;
			break;
		}
		s->done[x] = 1;
		/* a full asset: back to each person at it, who would move on */
		seats = s->seat_start[x - s->n_people];
		end = seats + (uint32_t) s->used[x - s->n_people];
		for (uint32_t i = seats; i < end; i++)
		{
			/* they lie all over memory: ask for all of them before reading any */
			PREFETCH(&s->potential[s->seat_person[i]]);
			PREFETCH(&s->edge_start[s->seat_person[i]]);
		}
		for (uint32_t i = seats; i < end; i++)
		{
			PREFETCH(&s->edge_score[s->edge_start[s->seat_person[i]]]);
			PREFETCH(&s->edge_asset[s->edge_start[s->seat_person[i]]]);
		}
		for (uint32_t i = seats; i < end; i++)
		{
			uint32_t	v = s->seat_person[i];
			double		reduced = s->seat_score[i] + s->potential[x] - s->potential[v];

			expand_person(s, v, s->dist[x] + (reduced > 0 ? reduced : 0), x);
		}
	}

	/* potentials: settled nodes move by how much nearer they are than the sink */
	for (size_t i = 0; i < s->n_touched; i++)
	{
		uint32_t	x = s->touched[i];

		if ((x < s->n_people || s->done[x]) && s->dist[x] < s->dist[sink])
			s->potential[x] += s->dist[x] - s->dist[sink];
	}

	/* move everyone along the path, from the sink back to p */
	for (uint32_t node = sink;;)
	{
		uint32_t	e = node == s->unallocated ? NONE : s->pred[node];
		uint32_t	v = node == s->unallocated ? s->pred[node] : s->edge_person[e];
		uint32_t	from = v == p ? NONE : s->pred[v];	/* the asset v leaves */

		unlink_person(s, v);
		link_person(s, v, node, e);
		if (v == p)
			break;
		node = from;
	}

	/* clean the search state for the next person */
	for (size_t i = 0; i < s->n_touched; i++)
	{
		s->dist[s->touched[i]] = INFINITY;
		s->done[s->touched[i]] = 0;
	}
	while (s->heap_size > 0)
		s->heap_pos[s->heap[--s->heap_size]] = NONE;
}

/* Free the solver and fail with out of memory. */
static DealCode
solver_oom(Solver *s, DealStatus *st)
{
	solver_free(s);
	return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to allocate places.");
}

/* Solve: see allocate.h. */
DealCode
allocate_solve(AllocPair *pairs, size_t n, size_t *chosen, size_t *n_chosen,
			   const DealAllocator *alloc, const DealInterrupt *intr, DealStatus *st)
{
	Solver		s = {.alloc = alloc};
	PersonOrder *order;
	size_t		n_edges = 0;
	size_t		n_nodes;
	uint32_t	p;

	*n_chosen = 0;
	for (size_t i = 0; i < n; i++)
	{
		if (!isfinite(pairs[i].score))
			return deal_fail(st, DEAL_BAD_ARGUMENT, -1,
							 "The score of person %lld for asset %lld is not a finite number.",
							 (long long) pairs[i].person, (long long) pairs[i].asset);
		if (pairs[i].capacity < 0)
			return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "Asset %lld has a negative capacity, %d.",
							 (long long) pairs[i].asset, pairs[i].capacity);
	}
	if (n >= NONE / 2)
		return deal_fail(st, DEAL_TOO_BIG, -1, "At most %u candidate pairs can be allocated at once.", NONE / 2);
	if (!pairs_sorted(pairs, n))
		qsort(pairs, n, sizeof(AllocPair), compare_pairs);

	/* assets: numbered in id order, each with one capacity */
	if (number_assets(pairs, n, alloc, DEAL_BAD_ARGUMENT, intr, &s.asset_numbers, st) != DEAL_OK)
		return st->code;
	s.n_assets = s.asset_numbers.count;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || pairs[i].person != pairs[i - 1].person)
			s.n_people++;
	s.unallocated = s.n_people + s.n_assets;
	n_nodes = (size_t) s.unallocated + 1;

	s.edge_start = deal_alloc(alloc, ((size_t) s.n_people + 1) * sizeof(uint32_t));
	s.edge_asset = deal_alloc(alloc, (n + 1) * sizeof(uint32_t));
	s.edge_person = deal_alloc(alloc, (n + 1) * sizeof(uint32_t));
	s.edge_score = deal_alloc(alloc, (n + 1) * sizeof(double));
	s.edge_pair = deal_alloc(alloc, (n + 1) * sizeof(size_t));
	s.capacity = deal_alloc(alloc, ((size_t) s.n_assets + 1) * sizeof(int32_t));
	s.used = deal_alloc(alloc, ((size_t) s.n_assets + 1) * sizeof(int32_t));
	s.seat_start = deal_alloc(alloc, ((size_t) s.n_assets + 1) * sizeof(uint32_t));
	s.at = deal_alloc(alloc, ((size_t) s.n_people + 1) * sizeof(uint32_t));
	s.at_edge = deal_alloc(alloc, ((size_t) s.n_people + 1) * sizeof(uint32_t));
	s.seat = deal_alloc(alloc, ((size_t) s.n_people + 1) * sizeof(uint32_t));
	s.potential = deal_alloc(alloc, n_nodes * sizeof(double));
	s.dist = deal_alloc(alloc, n_nodes * sizeof(double));
	s.pred = deal_alloc(alloc, n_nodes * sizeof(uint32_t));
	s.done = deal_alloc(alloc, n_nodes);
	s.touched = deal_alloc(alloc, n_nodes * sizeof(uint32_t));
	s.heap = deal_alloc(alloc, n_nodes * sizeof(uint32_t));
	s.heap_pos = deal_alloc(alloc, n_nodes * sizeof(uint32_t));
	s.sinkish = deal_alloc(alloc, n_nodes);
	if (!s.heap || !s.heap_pos || !s.sinkish || !s.edge_start || !s.edge_asset || !s.edge_person || !s.edge_score || !s.edge_pair ||
		!s.capacity || !s.used || !s.seat_start || !s.at || !s.at_edge || !s.seat ||
		!s.potential || !s.dist || !s.pred || !s.done || !s.touched)
		return solver_oom(&s, st);
	for (uint32_t a = 0; a < s.n_assets; a++)
	{
		s.capacity[a] = s.asset_numbers.assets[a].capacity;
		s.used[a] = 0;
		s.seat_start[a] = 0;
	}
	for (size_t i = 0; i < n_nodes; i++)
	{
		s.potential[i] = 0;
		s.dist[i] = INFINITY;
		s.done[i] = 0;
		s.heap_pos[i] = NONE;
	}

	/* edges: positive scores only, a repeated pair once with its best score */
	p = 0;
	s.edge_start[0] = 0;
	for (size_t i = 0; i < n; i++)
	{
		const AllocPair *pair = &pairs[i];
		uint32_t	a = s.asset_numbers.of_pair[i];

		DEAL_CHECK_INTERRUPTS(intr, i);
		if (i > 0 && pair->person != pairs[i - 1].person)
			s.edge_start[++p] = (uint32_t) n_edges;
		if (!(pair->score > 0))
			continue;
		if (n_edges > s.edge_start[p] && s.edge_asset[n_edges - 1] == s.n_people + a)
		{
			if (pair->score > s.edge_score[n_edges - 1])
			{
				s.edge_score[n_edges - 1] = pair->score;
				s.edge_pair[n_edges - 1] = i;
			}
			continue;
		}
		s.edge_asset[n_edges] = s.n_people + a;
		s.edge_person[n_edges] = p;
		s.edge_score[n_edges] = pair->score;
		s.edge_pair[n_edges] = i;
		n_edges++;
	}
	if (s.n_people > 0)
		s.edge_start[s.n_people] = (uint32_t) n_edges;
	for (uint32_t v = 0; v < s.n_people; v++)
		s.at[v] = NONE;

	/* seats: an asset never holds more than its capacity, nor more than its candidates */
	for (size_t e = 0; e < n_edges; e++)
		s.seat_start[s.edge_asset[e] - s.n_people]++;
	for (uint32_t a = 0, sum = 0; a <= s.n_assets; a++)
	{
		uint32_t	seats = 0;

		if (a < s.n_assets)
			seats = (int64_t) s.seat_start[a] > s.capacity[a] ? (uint32_t) s.capacity[a] : s.seat_start[a];
		s.seat_start[a] = sum;
		sum += seats;
	}
	s.seat_person = deal_alloc(alloc, ((size_t) s.seat_start[s.n_assets] + 1) * sizeof(uint32_t));
	s.seat_score = deal_alloc(alloc, ((size_t) s.seat_start[s.n_assets] + 1) * sizeof(double));
	if (!s.seat_person || !s.seat_score)
		return solver_oom(&s, st);

	/*
	 * Place everyone, those with the best scores first: any order gives an optimum, and
	 * this one leaves less to undo later, so the searches stay short.
	 */
	order = deal_alloc(alloc, ((size_t) s.n_people + 1) * sizeof(PersonOrder));
	if (order == NULL)
		return solver_oom(&s, st);
	for (p = 0; p < s.n_people; p++)
	{
		order[p] = (PersonOrder) {0, p};
		for (uint32_t e = s.edge_start[p]; e < s.edge_start[p + 1]; e++)
			if (s.edge_score[e] > order[p].best)
				order[p].best = s.edge_score[e];
	}
	qsort(order, s.n_people, sizeof(PersonOrder), compare_order);
	for (uint32_t k = 0; k < s.n_people; k++)
	{
		p = order[k].person;
		DEAL_CHECK_INTERRUPTS(intr, k);
		if (s.edge_start[p] == s.edge_start[p + 1])
			link_person(&s, p, s.unallocated, NONE);
		else
			place(&s, p, intr);
	}
	deal_release(alloc, order);

	for (p = 0; p < s.n_people; p++)
		if (s.at[p] != s.unallocated)
			chosen[(*n_chosen)++] = s.edge_pair[s.at_edge[p]];
	solver_free(&s);
	deal_status_clear(st);
	return DEAL_OK;
}

/* Sort pairs by (person, asset) and check them: finite scores, capacities >= 0 and agreeing. */
DealCode
allocate_check_pairs(AllocPair *pairs, size_t n, DealCode failure, const DealAllocator *alloc,
					 const DealInterrupt *intr, DealStatus *st)
{
	AssetNumbers an;

	for (size_t i = 0; i < n; i++)
	{
		if (!isfinite(pairs[i].score))
			return deal_fail(st, failure, -1, "The score of person %lld for asset %lld is not a finite number.",
							 (long long) pairs[i].person, (long long) pairs[i].asset);
		if (pairs[i].capacity < 0)
			return deal_fail(st, failure, -1, "Asset %lld has a negative capacity, %d.",
							 (long long) pairs[i].asset, pairs[i].capacity);
	}
	if (n == 0)
	{
		deal_status_clear(st);
		return DEAL_OK;
	}
	if (!pairs_sorted(pairs, n))
		qsort(pairs, n, sizeof(AllocPair), compare_pairs);
	/* each asset's capacity agrees across its pairs */
	if (number_assets(pairs, n, alloc, failure, intr, &an, st) != DEAL_OK)
		return st->code;
	asset_numbers_free(&an, alloc);
	deal_status_clear(st);
	return DEAL_OK;
}
