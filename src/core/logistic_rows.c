/*
 * logistic_rows.c: the rows a model fit gathers: features interned to column numbers, values
 * in compressed sparse rows, merging (parallel combine) and the serialised form.
 */
#include "logistic.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "byteorder.h"
#include "canonical.h"

/* An empty set of rows allocating through alloc. */
void
logistic_rows_init(LogisticRows *r, const DealAllocator *alloc)
{
	memset(r, 0, sizeof(*r));
	r->alloc = alloc;
}

/* Give back everything r holds; it is then empty, as after init. */
void
logistic_rows_free(LogisticRows *r)
{
	const DealAllocator *alloc = r->alloc;

	deal_release(alloc, r->label_end);
	deal_release(alloc, r->pool);
	deal_release(alloc, r->slots);
	deal_release(alloc, r->outcome);
	deal_release(alloc, r->count);
	deal_release(alloc, r->column);
	deal_release(alloc, r->value);
	deal_release(alloc, r->recent);
	logistic_rows_init(r, alloc);
}

/* Grow *array (of size-byte items, *capacity of them) to hold at least need; false if no memory. */
static bool
reserve(const DealAllocator *alloc, void **array, uint64_t *capacity, uint64_t need, size_t size)
{
	uint64_t	grown = *capacity < 16 ? 16 : *capacity;
	void	   *p;

	if (need <= *capacity && *array != NULL)
		return true;
	while (grown < need)
		grown *= 2;
	if (grown > SIZE_MAX / size)
		return false;
	p = deal_resize(alloc, *array, (size_t) (grown * size));
	if (p == NULL)
		return false;
	*array = p;
	*capacity = grown;
	return true;
}

/* Start of feature i's label in the pool. */
static inline uint32_t
label_start(const LogisticRows *r, uint32_t i)
{
	return i == 0 ? 0 : r->label_end[i - 1];
}

/* FNV-1a of a label. */
static uint32_t
label_hash(const char *label, size_t len)
{
	uint32_t	h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char) label[i]) * 16777619u;
	return h;
}

/* The slot of label: where it is, or the empty slot where it would go. */
static uint32_t
find_slot(const LogisticRows *r, const char *label, size_t len)
{
	uint32_t	mask = r->n_slots - 1;
	uint32_t	s = label_hash(label, len) & mask;

	while (r->slots[s] != 0)
	{
		uint32_t	f = r->slots[s] - 1;
		uint32_t	start = label_start(r, f);

		if (r->label_end[f] - start == len && memcmp(r->pool + start, label, len) == 0)
			break;
		s = (s + 1) & mask;
	}
	return s;
}

/* Make room for extra more features with extra_bytes more label bytes; false if no memory. */
static bool
reserve_features(LogisticRows *r, uint32_t extra, size_t extra_bytes)
{
	uint64_t	need = (uint64_t) r->n_features + extra;
	uint64_t	capacity = r->features_capacity;
	uint64_t	pool_capacity = r->pool_capacity;
	size_t		used = r->n_features == 0 ? 0 : r->label_end[r->n_features - 1];

	if (!reserve(r->alloc, (void **) &r->label_end, &capacity, need, sizeof(uint32_t)))
		return false;
	r->features_capacity = (uint32_t) capacity;
	if (!reserve(r->alloc, (void **) &r->pool, &pool_capacity, used + extra_bytes, 1))
		return false;
	r->pool_capacity = (size_t) pool_capacity;
	if (need * 2 > r->n_slots)
	{
		uint32_t	n_slots = r->n_slots < 64 ? 64 : r->n_slots;
		uint32_t   *slots;
		uint32_t   *old = r->slots;
		uint32_t	old_n = r->n_slots;

		while ((uint64_t) n_slots < need * 2)
			n_slots *= 2;
		slots = deal_alloc(r->alloc, (size_t) n_slots * sizeof(uint32_t));
		if (slots == NULL)
			return false;
		memset(slots, 0, (size_t) n_slots * sizeof(uint32_t));
		r->slots = slots;
		r->n_slots = n_slots;
		for (uint32_t s = 0; s < old_n; s++)
			if (old[s] != 0)
			{
				uint32_t	f = old[s] - 1;
				uint32_t	start = label_start(r, f);

				r->slots[find_slot(r, r->pool + start, r->label_end[f] - start)] = old[s];
			}
		deal_release(r->alloc, old);
	}
	return true;
}

/*
 * The column of a folded label, interning it if new (room reserved by the caller).
 * DEAL_TOO_BIG beyond LOGISTIC_MAX_FEATURES.
 */
static DealCode
intern(LogisticRows *r, const char *label, uint32_t len, uint32_t *column, DealStatus *st)
{
	uint32_t	s = find_slot(r, label, len);
	uint32_t	used;

	if (r->slots[s] != 0)
	{
		*column = r->slots[s] - 1;
		return DEAL_OK;
	}
	if (r->n_features >= LOGISTIC_MAX_FEATURES)
		return deal_fail(st, DEAL_TOO_BIG, -1, "A model has at most %d features; \"%.*s\" would be feature %d.",
						 LOGISTIC_MAX_FEATURES, (int) len, label, LOGISTIC_MAX_FEATURES + 1);
	used = r->n_features == 0 ? 0 : r->label_end[r->n_features - 1];
	memcpy(r->pool + used, label, len);
	r->label_end[r->n_features] = used + len;
	r->slots[s] = r->n_features + 1;
	*column = r->n_features++;
	return DEAL_OK;
}

/* Set the penalty (finite, >= 0); a different one from an earlier row's is DEAL_BAD_ARGUMENT. */
DealCode
logistic_rows_set_l2(LogisticRows *r, double l2, DealStatus *st)
{
	if (!isfinite(l2) || l2 < 0)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "The penalty l2 must be a finite number, 0 or more; got %g.", l2);
	l2 = canonical_double(l2);
	if (r->has_l2 && memcmp(&r->l2, &l2, sizeof(double)) != 0)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "The penalty l2 must be the same on every row; got %g and %g.",
						 r->l2, l2);
	r->has_l2 = true;
	r->l2 = l2;
	deal_status_clear(st);
	return DEAL_OK;
}

/* Make room for one more row of n values. */
static bool
reserve_row(LogisticRows *r, uint32_t n)
{
	uint64_t	rows = r->rows_capacity;
	uint64_t	counts = r->rows_capacity;
	uint64_t	values = r->values_capacity;
	uint64_t	values2 = r->values_capacity;

	if (!reserve(r->alloc, (void **) &r->outcome, &rows, r->n_rows + 1, sizeof(uint8_t)) ||
		!reserve(r->alloc, (void **) &r->count, &counts, r->n_rows + 1, sizeof(uint32_t)))
		return false;
	r->rows_capacity = rows < counts ? rows : counts;
	if (!reserve(r->alloc, (void **) &r->column, &values, r->n_values + n, sizeof(uint32_t)) ||
		!reserve(r->alloc, (void **) &r->value, &values2, r->n_values + n, sizeof(double)))
		return false;
	r->values_capacity = values < values2 ? values : values2;
	return true;
}

/* Fail with no memory for rows. */
static DealCode
no_memory(DealStatus *st)
{
	return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for the rows of a model fit.");
}

/* The column of label i of a profile, trying the previous row's label at that place first. */
static DealCode
column_of(LogisticRows *r, const Profile *features, uint32_t i, uint32_t *column, DealStatus *st)
{
	uint32_t	len;
	const char *label = profile_label(features, i, &len);

	if (i < r->n_recent)
	{
		uint32_t	f = r->recent[i];
		uint32_t	start = label_start(r, f);

		if (r->label_end[f] - start == len && memcmp(r->pool + start, label, len) == 0)
		{
			*column = f;
			return DEAL_OK;
		}
	}
	return intern(r, label, len, column, st);
}

/* Add a row: outcome and a profile of features. */
DealCode
logistic_rows_add(LogisticRows *r, bool outcome, const Profile *features, DealStatus *st)
{
	uint32_t	n = features->n;
	size_t		bytes = 0;
	uint64_t	start = r->n_values;
	uint32_t	kept = 0;

	if (r->n_rows >= LOGISTIC_MAX_ROWS)
		return deal_fail(st, DEAL_TOO_BIG, -1, "A model fit takes at most %u rows.", (unsigned) LOGISTIC_MAX_ROWS);
	for (uint32_t i = 0; i < n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(features, i, &len);

		if (len == DEAL_INTERCEPT_LEN && memcmp(label, DEAL_INTERCEPT_LABEL, len) == 0)
			return deal_fail(st, DEAL_BAD_ARGUMENT, -1,
							 "The label %s is the model's intercept; a feature cannot have it.", DEAL_INTERCEPT_LABEL);
		bytes += len;
	}
	if (!reserve_features(r, n, bytes) || !reserve_row(r, n))
		return no_memory(st);
	if (n > r->recent_capacity)
	{
		uint64_t	capacity = r->recent_capacity;

		if (!reserve(r->alloc, (void **) &r->recent, &capacity, n, sizeof(uint32_t)))
			return no_memory(st);
		r->recent_capacity = (uint32_t) capacity;
	}
	for (uint32_t i = 0; i < n; i++)
	{
		uint32_t	column;
		double		v = profile_weight(features, i);

		if (column_of(r, features, i, &column, st) != DEAL_OK)
		{
			r->n_recent = 0;	/* the row's first labels replaced some of the previous row's */
			return st->code;
		}
		r->recent[i] = column;
		if (v != 0)
		{
			r->column[start + kept] = column;
			r->value[start + kept] = v;
			kept++;
		}
	}
	r->n_recent = n;
	r->outcome[r->n_rows] = outcome ? 1 : 0;
	r->count[r->n_rows] = kept;
	r->n_rows++;
	r->n_values += kept;
	deal_status_clear(st);
	return DEAL_OK;
}

/* A label and the feature it names, for numbering features in label order. */
typedef struct Named
{
	const char *label;
	uint32_t	len;
	uint32_t	feature;
} Named;

/* Order features by label. */
static int
compare_named(const void *x, const void *y)
{
	const Named *a = x;
	const Named *b = y;

	return deal_compare_labels(a->label, a->len, b->label, b->len);
}

/* Number the features in label order: rank[feature] and names[rank]. */
DealCode
logistic_rows_order_features(const LogisticRows *r, uint32_t *rank, uint32_t *names)
{
	Named	   *named = deal_alloc(r->alloc, ((size_t) r->n_features + 1) * sizeof(Named));

	if (named == NULL)
		return DEAL_NO_MEMORY;
	for (uint32_t f = 0; f < r->n_features; f++)
	{
		uint32_t	start = label_start(r, f);

		named[f] = (Named) {r->pool + start, r->label_end[f] - start, f};
	}
	if (r->n_features > 1)
		qsort(named, r->n_features, sizeof(Named), compare_named);
	for (uint32_t j = 0; j < r->n_features; j++)
	{
		rank[named[j].feature] = j;
		names[j] = named[j].feature;
	}
	deal_release(r->alloc, named);
	return DEAL_OK;
}

/* Add every row of other to r (the combine step of parallel aggregation). */
DealCode
logistic_rows_merge(LogisticRows *r, const LogisticRows *other, DealStatus *st)
{
	uint32_t   *map;
	uint64_t	rows = r->rows_capacity;
	uint64_t	counts = r->rows_capacity;
	uint64_t	values = r->values_capacity;
	uint64_t	values2 = r->values_capacity;
	size_t		bytes = other->n_features == 0 ? 0 : other->label_end[other->n_features - 1];

	if (other->has_l2 && logistic_rows_set_l2(r, other->l2, st) != DEAL_OK)
		return st->code;
	if (r->n_rows + other->n_rows > LOGISTIC_MAX_ROWS)
		return deal_fail(st, DEAL_TOO_BIG, -1, "A model fit takes at most %u rows.", (unsigned) LOGISTIC_MAX_ROWS);
	if (!reserve_features(r, other->n_features, bytes))
		return no_memory(st);
	if (other->n_rows > 0 &&
		(!reserve(r->alloc, (void **) &r->outcome, &rows, r->n_rows + other->n_rows, sizeof(uint8_t)) ||
		 !reserve(r->alloc, (void **) &r->count, &counts, r->n_rows + other->n_rows, sizeof(uint32_t))))
		return no_memory(st);
	r->rows_capacity = rows < counts ? rows : counts;
	if (other->n_values > 0 &&
		(!reserve(r->alloc, (void **) &r->column, &values, r->n_values + other->n_values, sizeof(uint32_t)) ||
		 !reserve(r->alloc, (void **) &r->value, &values2, r->n_values + other->n_values, sizeof(double))))
		return no_memory(st);
	r->values_capacity = values < values2 ? values : values2;
	map = deal_alloc(r->alloc, ((size_t) other->n_features + 1) * sizeof(uint32_t));
	if (map == NULL)
		return no_memory(st);
	for (uint32_t f = 0; f < other->n_features; f++)
	{
		uint32_t	start = label_start(other, f);

		if (intern(r, other->pool + start, other->label_end[f] - start, &map[f], st) != DEAL_OK)
		{
			deal_release(r->alloc, map);
			return st->code;
		}
	}
	if (other->n_rows > 0)
	{
		memcpy(r->outcome + r->n_rows, other->outcome, other->n_rows);
		memcpy(r->count + r->n_rows, other->count, other->n_rows * sizeof(uint32_t));
	}
	for (uint64_t v = 0; v < other->n_values; v++)
	{
		r->column[r->n_values + v] = map[other->column[v]];
		r->value[r->n_values + v] = other->value[v];
	}
	r->n_rows += other->n_rows;
	r->n_values += other->n_values;
	r->n_recent = 0;
	deal_release(r->alloc, map);
	deal_status_clear(st);
	return DEAL_OK;
}

#define HEADER_SIZE (sizeof(uint32_t) + 1 + sizeof(double) + 2 * sizeof(uint64_t))

/* Bytes of the serialised form. */
size_t
logistic_rows_serial_size(const LogisticRows *r)
{
	size_t		labels = r->n_features == 0 ? 0 : r->label_end[r->n_features - 1];

	return HEADER_SIZE + r->n_features + labels + r->n_rows * (1 + sizeof(uint32_t)) +
		r->n_values * (sizeof(uint32_t) + sizeof(double));
}

/* Append n items of width bytes from src at *out, little-endian. */
static inline void
put(char **out, const void *src, size_t width, size_t n)
{
	deal_le_write(*out, src, width, n);
	*out += width * n;
}

/* Write the serialised form (logistic_rows_serial_size bytes) to out. */
void
logistic_rows_serialize(const LogisticRows *r, char *out)
{
	uint8_t		has_l2 = r->has_l2 ? 1 : 0;
	double		l2 = r->has_l2 ? r->l2 : 0.0;

	put(&out, &r->n_features, sizeof(uint32_t), 1);
	put(&out, &has_l2, 1, 1);
	put(&out, &l2, sizeof(double), 1);
	put(&out, &r->n_rows, sizeof(uint64_t), 1);
	put(&out, &r->n_values, sizeof(uint64_t), 1);
	for (uint32_t f = 0; f < r->n_features; f++)
	{
		uint32_t	start = label_start(r, f);
		uint8_t		len = (uint8_t) (r->label_end[f] - start);

		put(&out, &len, 1, 1);
		put(&out, r->pool + start, 1, len);
	}
	put(&out, r->outcome, 1, r->n_rows);
	put(&out, r->count, sizeof(uint32_t), r->n_rows);
	put(&out, r->column, sizeof(uint32_t), r->n_values);
	put(&out, r->value, sizeof(double), r->n_values);
}

/* Fail as bad binary input, with a detail. */
static DealCode
bad(DealStatus *st, const char *detail)
{
	return deal_fail(st, DEAL_BAD_BINARY, -1, "%s", detail);
}

/* Check every value of deserialised rows: a known column, finite and not 0, labels in order. */
static DealCode
check_values(LogisticRows *r, DealStatus *st)
{
	uint32_t   *rank = deal_alloc(r->alloc, ((size_t) r->n_features + 1) * sizeof(uint32_t));
	uint32_t   *names = deal_alloc(r->alloc, ((size_t) r->n_features + 1) * sizeof(uint32_t));
	uint64_t	v = 0;
	DealCode	code = DEAL_OK;

	if (rank == NULL || names == NULL || logistic_rows_order_features(r, rank, names) != DEAL_OK)
		code = no_memory(st);
	for (uint64_t i = 0; i < r->n_rows && code == DEAL_OK; i++)
		for (uint32_t k = 0; k < r->count[i] && code == DEAL_OK; k++, v++)
		{
			uint32_t	c = r->column[v];
			double		x = r->value[v];

			if (c >= r->n_features || !isfinite(x) || x == 0)
				code = bad(st, "A model fit's state has a bad value.");
			else if (k > 0 && rank[r->column[v - 1]] >= rank[c])
				code = bad(st, "A model fit's state has a row whose labels are out of order.");
		}
	deal_release(r->alloc, names);
	deal_release(r->alloc, rank);
	if (code == DEAL_OK)
		deal_status_clear(st);
	return code;
}

/* Read a serialised form of len bytes into r (empty, initialised). */
DealCode
logistic_rows_deserialize(LogisticRows *r, const char *in, size_t len, DealStatus *st)
{
	const char *end = in + len;
	uint32_t	n_features;
	uint8_t		has_l2;
	double		l2;
	uint64_t	n_rows;
	uint64_t	n_values;
	uint64_t	total = 0;
	uint64_t	capacity;

	if (len < HEADER_SIZE)
		return bad(st, "A model fit's state is truncated.");
	deal_le_read(&n_features, in, sizeof(uint32_t), 1);
	memcpy(&has_l2, in + 4, 1);
	deal_le_read(&l2, in + 5, sizeof(double), 1);
	deal_le_read(&n_rows, in + 13, sizeof(uint64_t), 1);
	deal_le_read(&n_values, in + 21, sizeof(uint64_t), 1);
	in += HEADER_SIZE;
	if (n_features > LOGISTIC_MAX_FEATURES || has_l2 > 1 || n_rows > LOGISTIC_MAX_ROWS ||
		(has_l2 ? !isfinite(l2) || l2 < 0 || (l2 == 0 && signbit(l2)) : memcmp(&l2, &(double) {0.0}, sizeof(double)) != 0))
		return bad(st, "A model fit's state has a bad header.");
	/* every feature takes 2 bytes at least, every row 5, every value 12 */
	if ((size_t) (end - in) < 2 * (size_t) n_features || n_rows > (uint64_t) (end - in) / 5 ||
		n_values > (uint64_t) (end - in) / 12)
		return bad(st, "A model fit's state is truncated.");
	if (has_l2)
		logistic_rows_set_l2(r, l2, st);
	if (!reserve_features(r, n_features, (size_t) n_features * DEAL_LABEL_MAX < (size_t) (end - in) ?
						  (size_t) n_features * DEAL_LABEL_MAX : (size_t) (end - in)))
		return no_memory(st);
	for (uint32_t f = 0; f < n_features; f++)
	{
		uint8_t		n;
		uint32_t	column;

		if (end - in < 1 || (size_t) (end - in) < 1 + (size_t) (uint8_t) in[0])
			return bad(st, "A model fit's state is truncated.");
		n = (uint8_t) in[0];
		if (deal_check_label(in + 1, n, "label", st) != DEAL_OK)
			return bad(st, "A model fit's state has a bad label.");
		for (uint8_t c = 0; c < n; c++)
			if (in[1 + c] >= 'A' && in[1 + c] <= 'Z')
				return bad(st, "A model fit's state has a label that is not folded.");
		if (intern(r, in + 1, n, &column, st) != DEAL_OK || column != f)
			return bad(st, "A model fit's state has a label twice.");
		in += 1 + n;
	}
	if ((uint64_t) (end - in) != n_rows * 5 + n_values * 12)
		return bad(st, "A model fit's state has the wrong length.");
	capacity = 0;
	if (n_rows > 0 && (!reserve(r->alloc, (void **) &r->outcome, &capacity, n_rows, 1) ||
					   !reserve(r->alloc, (void **) &r->count, &capacity, n_rows, sizeof(uint32_t))))
		return no_memory(st);
	r->rows_capacity = capacity;
	capacity = 0;
	if (n_values > 0 && (!reserve(r->alloc, (void **) &r->column, &capacity, n_values, sizeof(uint32_t)) ||
						 !reserve(r->alloc, (void **) &r->value, &capacity, n_values, sizeof(double))))
		return no_memory(st);
	r->values_capacity = capacity;
	if (n_rows > 0)
	{
		memcpy(r->outcome, in, n_rows);
		deal_le_read(r->count, in + n_rows, sizeof(uint32_t), n_rows);
	}
	in += n_rows * 5;
	if (n_values > 0)
	{
		deal_le_read(r->column, in, sizeof(uint32_t), n_values);
		deal_le_read(r->value, in + n_values * sizeof(uint32_t), sizeof(double), n_values);
	}
	for (uint64_t i = 0; i < n_rows; i++)
	{
		if (r->outcome[i] > 1)
			return bad(st, "A model fit's state has an outcome that is neither 0 nor 1.");
		total += r->count[i];
		if (total > n_values)
			return bad(st, "A model fit's state has rows that do not add up to its values.");
	}
	if (total != n_values)
		return bad(st, "A model fit's state has rows that do not add up to its values.");
	r->n_rows = n_rows;
	r->n_values = n_values;
	return check_values(r, st);
}
