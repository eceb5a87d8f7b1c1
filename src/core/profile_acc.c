/*
 * profile_acc.c: profiles accumulated from rows, label by label, in memory bounded by the
 * number of distinct labels: interning, exact sums and maxima, merging, the serialised form.
 */
#include "profile_acc.h"

#include <math.h>
#include <string.h>

#include "byteorder.h"
#include "hash.h"

/* Hash of a folded label. */
static uint32_t
hash_label(const char *label, size_t len)
{
	uint64_t	h = len;
	size_t		i = 0;

	for (; i + 8 <= len; i += 8)
	{
		uint64_t	w;

		memcpy(&w, label + i, 8);
		h = deal_mix64(h ^ w);
	}
	if (i < len)
	{
		uint64_t	w = 0;

		memcpy(&w, label + i, len - i);
		h = deal_mix64(h ^ w);
	}
	return (uint32_t) (h ^ (h >> 32));
}

/*
 * array (of *capacity items of item bytes) with room for need items, doubled from least as
 * it grows; NULL when out of memory, array and *capacity then as they were.
 */
static void *
with_room(const DealAllocator *alloc, void *array, size_t *capacity, size_t need, size_t item,
		  size_t least)
{
	size_t		grown = *capacity ? *capacity : least;
	void	   *bigger;

	if (need <= *capacity)
		return array;
	while (grown < need)
		grown *= 2;
	bigger = deal_resize(alloc, array, grown * item);
	if (bigger != NULL)
		*capacity = grown;
	return bigger;
}

/* An empty accumulator of kind that allocates through alloc. */
void
profile_acc_init(ProfileAcc *acc, ProfileAccKind kind, const DealAllocator *alloc)
{
	memset(acc, 0, sizeof(*acc));
	acc->kind = kind;
	acc->alloc = alloc;
}

/* Free what an accumulator holds; it is empty again after. */
void
profile_acc_free(ProfileAcc *acc)
{
	deal_release(acc->alloc, acc->entries);
	deal_release(acc->alloc, acc->slots);
	deal_release(acc->alloc, acc->pool);
	deal_release(acc->alloc, acc->values);
	profile_acc_init(acc, acc->kind, acc->alloc);
}

/* The slot that holds label, or the empty slot where it would go. */
static uint32_t
find_slot(const ProfileAcc *acc, const char *label, size_t len, uint32_t hash)
{
	uint32_t	mask = acc->n_slots - 1;
	uint32_t	s = hash & mask;

	for (;; s = (s + 1) & mask)
	{
		const ProfileAccEntry *e;

		if (acc->slots[s] == 0)
			return s;
		e = &acc->entries[acc->slots[s] - 1];
		if (e->hash == hash && e->len == len && memcmp(acc->pool + e->label, label, len) == 0)
			return s;
	}
}

/* Double the hash table (or make its first), placing every entry again. */
static bool
grow_slots(ProfileAcc *acc)
{
	uint32_t	n_slots = acc->n_slots ? acc->n_slots * 2 : 8;
	uint32_t   *slots = deal_alloc(acc->alloc, n_slots * sizeof(uint32_t));

	if (slots == NULL)
		return false;
	memset(slots, 0, n_slots * sizeof(uint32_t));
	for (uint32_t i = 0; i < acc->n; i++)
	{
		uint32_t	s = acc->entries[i].hash & (n_slots - 1);

		while (slots[s] != 0)
			s = (s + 1) & (n_slots - 1);
		slots[s] = i + 1;
	}
	deal_release(acc->alloc, acc->slots);
	acc->slots = slots;
	acc->n_slots = n_slots;
	return true;
}

/* Give entry e room for need values, moving them to the end of the array if they must grow. */
static DealCode
reserve_values(ProfileAcc *acc, ProfileAccEntry *e, uint32_t need, DealStatus *st)
{
	uint32_t	room = e->room ? e->room : 1;
	double	   *values;

	if (need <= e->room)
		return DEAL_OK;
	while (room < need)
		room *= 2;
	if (room > 4 * EXACT_SUM_MAX_PARTIALS || acc->values_used + room > UINT32_MAX)
		return deal_fail(st, DEAL_TOO_BIG, -1, "The sum of the weights of \"%.*s\" has too many parts.",
						 (int) e->len, acc->pool + e->label);
	values = with_room(acc->alloc, acc->values, &acc->values_size, acc->values_used + room,
					   sizeof(double), 8);
	if (values == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for an aggregated profile.");
	acc->values = values;
	if (e->room > 0)
		memcpy(values + acc->values_used, values + e->first, exact_sum_count(e->size) * sizeof(double));
	e->first = (uint32_t) acc->values_used;
	e->room = (uint16_t) room;
	acc->values_used += room;
	return DEAL_OK;
}

/*
 * The number of the entry of a folded, valid label, added (with no value yet) if new; on
 * failure the accumulator is as it was.
 */
static DealCode
intern(ProfileAcc *acc, const char *label, size_t len, uint32_t hash, uint32_t *index,
	   DealStatus *st)
{
	uint32_t	s;
	ProfileAccEntry *entries;
	char	   *pool;
	ProfileAccEntry *e;

	if (acc->n_slots > 0)
	{
		s = find_slot(acc, label, len, hash);
		if (acc->slots[s] != 0)
		{
			*index = acc->slots[s] - 1;
			return DEAL_OK;
		}
	}
	if (acc->n >= PROFILE_MAX_LABELS)
		return deal_fail(st, DEAL_TOO_BIG, -1, "A profile has at most %d labels; these rows have more.",
						 PROFILE_MAX_LABELS);

	/* make room everywhere before changing anything */
	entries = with_room(acc->alloc, acc->entries, &acc->entries_size, (size_t) acc->n + 1,
						sizeof(ProfileAccEntry), 4);
	if (entries == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for an aggregated profile.");
	acc->entries = entries;
	pool = with_room(acc->alloc, acc->pool, &acc->pool_size, acc->pool_used + len, 1, 64);
	if (pool == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for an aggregated profile.");
	acc->pool = pool;
	if (2 * ((size_t) acc->n + 1) > acc->n_slots && !grow_slots(acc))
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for an aggregated profile.");

	e = &acc->entries[acc->n];
	memset(e, 0, sizeof(*e));
	e->hash = hash;
	e->len = (uint8_t) len;
	if (reserve_values(acc, e, 1, st) != DEAL_OK)
		return st->code;
	e->label = (uint32_t) acc->pool_used;
	memcpy(acc->pool + acc->pool_used, label, len);
	acc->pool_used += len;
	acc->slots[find_slot(acc, label, len, hash)] = acc->n + 1;
	*index = acc->n++;
	return DEAL_OK;
}

/* Add x to entry index's sum: a weight, or (huge) a scaled partial of another sum's huge list. */
static DealCode
add_to_sum(ProfileAcc *acc, uint32_t index, double x, bool huge, DealStatus *st)
{
	ProfileAccEntry *e = &acc->entries[index];
	double	   *partials;

	if (reserve_values(acc, e, exact_sum_count(e->size) + 1, st) != DEAL_OK)
		return st->code;
	partials = acc->values + e->first;
	if (!(huge ? exact_sum_add_huge(partials, &e->size, x) : exact_sum_add(partials, &e->size, x)))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "The sum of the weights of \"%.*s\" is damaged.",
						 (int) e->len, acc->pool + e->label);
	return DEAL_OK;
}

/* Add weight x to entry index: into the sum, or the largest so far. */
static DealCode
add_value(ProfileAcc *acc, uint32_t index, double x, DealStatus *st)
{
	ProfileAccEntry *e = &acc->entries[index];

	if (acc->kind == PROFILE_ACC_SUM)
		return add_to_sum(acc, index, x, false, st);
	if (!isfinite(x))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "The largest weight of \"%.*s\" is damaged.",
						 (int) e->len, acc->pool + e->label);
	if (e->size.small == 0)
		acc->values[e->first] = x;
	else
		acc->values[e->first] = fmax(acc->values[e->first], x);
	e->size.small = 1;
	return DEAL_OK;
}

/* Add a row: a label (any case) and a finite weight. */
DealCode
profile_acc_add(ProfileAcc *acc, const char *label, size_t len, double weight, DealStatus *st)
{
	char		folded[DEAL_LABEL_MAX];
	uint32_t	index;

	if (deal_check_profile_label(label, len, "label", st) != DEAL_OK)
		return st->code;
	if (!isfinite(weight))
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "The weight of \"%.*s\" is %s; weights must be finite.",
						 (int) len, label, isnan(weight) ? "not a number" : "infinite");
	deal_fold_label(folded, label, len);
	if (intern(acc, folded, len, hash_label(folded, len), &index, st) != DEAL_OK)
		return st->code;
	return add_value(acc, index, weight, st);
}

/* Add every label and weight of a canonical profile. */
DealCode
profile_acc_add_profile(ProfileAcc *acc, const Profile *p, DealStatus *st)
{
	for (uint32_t i = 0; i < p->n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(p, i, &len);

		if (profile_acc_add(acc, label, len, profile_weight(p, i), st) != DEAL_OK)
			return st->code;
	}
	return DEAL_OK;
}

/*
 * Add to entry index the values of a sum or maximum written elsewhere, at any alignment:
 * size.small (one maximum, or small partials) then size.huge scaled partials.
 */
static DealCode
add_values(ProfileAcc *acc, uint32_t index, const char *values, ExactSumSize size,
		   DealStatus *st)
{
	for (uint32_t i = 0; i < exact_sum_count(size); i++)
	{
		double		x;

		deal_le_read(&x, values + i * sizeof(double), sizeof(double), 1);
		if ((i < size.small ? add_value(acc, index, x, st) : add_to_sum(acc, index, x, true, st)) != DEAL_OK)
			return st->code;
	}
	return DEAL_OK;
}

/* Add everything other (of the same kind) holds to acc. */
DealCode
profile_acc_merge(ProfileAcc *acc, const ProfileAcc *other, DealStatus *st)
{
	if (other->kind != acc->kind)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Profile aggregate states of different kinds.");
	for (uint32_t i = 0; i < other->n; i++)
	{
		const ProfileAccEntry *o = &other->entries[i];
		uint32_t	index;

		if (intern(acc, other->pool + o->label, o->len, o->hash, &index, st) != DEAL_OK ||
			add_values(acc, index, (const char *) (other->values + o->first), o->size, st) != DEAL_OK)
			return st->code;
	}
	return DEAL_OK;
}

/* Bytes profile_acc_serialize writes. */
size_t
profile_acc_serial_size(const ProfileAcc *acc)
{
	size_t		size = 1 + sizeof(uint32_t);

	for (uint32_t i = 0; i < acc->n; i++)
	{
		const ProfileAccEntry *e = &acc->entries[i];

		size += 1 + e->len;
		if (acc->kind == PROFILE_ACC_MAX)
			size += sizeof(double);
		else
			size += 2 * sizeof(uint16_t) + exact_sum_count(e->size) * sizeof(double);
	}
	return size;
}

/* Write the serialised form to out, every byte. */
void
profile_acc_serialize(const ProfileAcc *acc, char *out)
{
	*out++ = (char) acc->kind;
	deal_le_write(out, &acc->n, sizeof(uint32_t), 1);
	out += sizeof(uint32_t);
	for (uint32_t i = 0; i < acc->n; i++)
	{
		const ProfileAccEntry *e = &acc->entries[i];
		uint32_t	count = acc->kind == PROFILE_ACC_MAX ? 1 : exact_sum_count(e->size);

		*out++ = (char) e->len;
		memcpy(out, acc->pool + e->label, e->len);
		out += e->len;
		if (acc->kind == PROFILE_ACC_SUM)
		{
			deal_le_write(out, &e->size.small, sizeof(uint16_t), 1);
			deal_le_write(out + sizeof(uint16_t), &e->size.huge, sizeof(uint16_t), 1);
			out += 2 * sizeof(uint16_t);
		}
		deal_le_write(out, acc->values + e->first, sizeof(double), count);
		out += count * sizeof(double);
	}
}

/* Read a serialised form into an accumulator just initialised. */
DealCode
profile_acc_deserialize(ProfileAcc *acc, const char *buf, size_t len, DealStatus *st)
{
	const char *p = buf;
	const char *end = buf + len;
	uint32_t	n;

	if (len < 1 + sizeof(uint32_t))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A profile aggregate state is truncated.");
	if (*p != PROFILE_ACC_SUM && *p != PROFILE_ACC_MAX)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A profile aggregate state is damaged.");
	acc->kind = (ProfileAccKind) *p++;
	deal_le_read(&n, p, sizeof(uint32_t), 1);
	p += sizeof(uint32_t);
	for (uint32_t i = 0; i < n; i++)
	{
		size_t		label_len;
		const char *label;
		char		folded[DEAL_LABEL_MAX];
		ExactSumSize size = {1, 0};
		const char *values;
		uint32_t	index;

		if (end - p < 1 || end - p < 1 + (ptrdiff_t) (unsigned char) *p)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "A profile aggregate state is truncated.");
		label_len = (unsigned char) *p;
		label = p + 1;
		p += 1 + label_len;
		if (acc->kind == PROFILE_ACC_SUM)
		{
			if (end - p < (ptrdiff_t) (2 * sizeof(uint16_t)))
				return deal_fail(st, DEAL_BAD_BINARY, -1, "A profile aggregate state is truncated.");
			deal_le_read(&size.small, p, sizeof(uint16_t), 1);
			deal_le_read(&size.huge, p + sizeof(uint16_t), sizeof(uint16_t), 1);
			p += 2 * sizeof(uint16_t);
			if (size.small > EXACT_SUM_MAX_PARTIALS || size.huge > EXACT_SUM_MAX_PARTIALS)
				return deal_fail(st, DEAL_BAD_BINARY, -1, "A profile aggregate state is damaged.");
		}
		if ((size_t) (end - p) < exact_sum_count(size) * sizeof(double))
			return deal_fail(st, DEAL_BAD_BINARY, -1, "A profile aggregate state is truncated.");
		values = p;
		p += exact_sum_count(size) * sizeof(double);
		if (deal_check_profile_label(label, label_len, "label", st) != DEAL_OK)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "A profile aggregate state has a bad label.");
		deal_fold_label(folded, label, label_len);
		if (intern(acc, folded, label_len, hash_label(folded, label_len), &index, st) != DEAL_OK ||
			add_values(acc, index, values, size, st) != DEAL_OK)
			return st->code;
	}
	if (p != end)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A profile aggregate state has bytes after its end.");
	return DEAL_OK;
}

/* The profile so far as canonical entries, allocated through alloc. */
DealCode
profile_acc_finish(const ProfileAcc *acc, const DealAllocator *alloc, ProfileEntry **entries,
				   uint32_t *n, DealStatus *st)
{
	ProfileEntry *out = deal_alloc(alloc, ((size_t) acc->n + 1) * sizeof(ProfileEntry));

	*entries = out;
	*n = 0;
	if (out == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for an aggregated profile.");
	for (uint32_t i = 0; i < acc->n; i++)
	{
		const ProfileAccEntry *e = &acc->entries[i];
		const double *values = acc->values + e->first;
		double		w = acc->kind == PROFILE_ACC_MAX ? values[0] : exact_sum_value(values, e->size);

		if (!isfinite(w))
		{
			deal_release(alloc, out);
			*entries = NULL;
			return deal_fail(st, DEAL_BAD_ARGUMENT, -1, "The weights of \"%.*s\" add up beyond the range of a double.",
							 (int) e->len, acc->pool + e->label);
		}
		out[i].label = acc->pool + e->label;
		out[i].len = e->len;
		out[i].weight = w == 0 ? 0 : w;	/* no -0, so that equal profiles have equal bytes */
	}
	profile_sort(out, acc->n);
	*n = acc->n;
	deal_status_clear(st);
	return DEAL_OK;
}
