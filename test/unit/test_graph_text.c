/*
 * test_graph_text.c: a graph's text form and its parser.
 *
 * Round trips, every malformed text refused with DEAL_BAD_TEXT at a sensible position, and
 * random changes to good texts.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_graph.h"

/* Parse text and expect DEAL_BAD_TEXT at position with phrase in the detail. */
static void
assert_bad_text(const char *text, int position, const char *phrase)
{
	GraphBuilder gb;
	DealStatus	st;
	DealCode	code;

	graph_builder_init(&gb, A);
	code = graph_parse(&gb, text, NULL, &st);
	if (code != DEAL_BAD_TEXT || st.code != DEAL_BAD_TEXT || st.position != position ||
		strstr(st.detail, phrase) == NULL)
		fail_msg("%s: code %d, position %d (expected %d), detail \"%s\" (expected \"%s\")",
				 text, code, st.position, position, st.detail, phrase);
	graph_builder_free(&gb);
}

/*
 * Parse text with an id out of range for bigint starting at id_start: DEAL_BAD_TEXT at a
 * position within the id (its first character up to just after it).
 */
static void
assert_id_out_of_range(const char *text, int id_start)
{
	GraphBuilder gb;
	DealStatus	st;
	int			id_end = id_start + (text[id_start] == '-');

	while (text[id_end] >= '0' && text[id_end] <= '9')
		id_end++;
	graph_builder_init(&gb, A);
	if (graph_parse(&gb, text, NULL, &st) != DEAL_BAD_TEXT || st.position < id_start ||
		st.position > id_end || strstr(st.detail, "out of range for bigint") == NULL)
		fail_msg("%s: code %d, position %d (expected %d to %d), detail \"%s\"",
				 text, st.code, st.position, id_start, id_end, st.detail);
	graph_builder_free(&gb);
}

/* The text form round-trips: validity ranges, negative ids, lone nodes, the empty graph. */
static void
test_text_round_trip(void **state)
{
	(void) state;
	assert_canonical("{}", "{}");
	assert_canonical(" \t\n{ \r\n} \n", "{}");
	assert_canonical("{person:1 -parent_of-> person:2 [2020-01-01,2024-05-01); person:2 -lives_at-> household:7; person:3}",
					 "{person:1 -parent_of-> person:2 [2020-01-01,2024-05-01); person:2 -lives_at-> household:7; person:3}");
	assert_canonical("{person:1 -parent_of-> person:2 (,2024-05-01)}",
					 "{person:1 -parent_of-> person:2 (,2024-05-01)}");
	assert_canonical("{person:1 -parent_of-> person:2 [2020-01-01,)}",
					 "{person:1 -parent_of-> person:2 [2020-01-01,)}");
	assert_canonical("{person:1 -parent_of-> person:2 empty}",
					 "{person:1 -parent_of-> person:2 empty}");
	assert_canonical("{person:1 -parent_of-> person:2 (,)}", "{person:1 -parent_of-> person:2}");
	assert_canonical("{person:-1 -knows-> person:-2; person:-9223372036854775808}",
					 "{person:-1 -knows-> person:-2; person:-9223372036854775808}");
	assert_canonical("{person:3; household:-7; person:-0; person:0}", "{household:-7; person:0; person:3}");
	assert_canonical("{a:1 -k-> a:2 [2020-01-01,2024-05-01);a:1 -k-> a:2 [2020-01-01,2024-05-01)}",
					 "{a:1 -k-> a:2 [2020-01-01,2024-05-01)}");
	assert_canonical("{Person:1 -Parent_Of-> PERSON:2}", "{person:1 -parent_of-> person:2}");
	assert_canonical("{a:1 -k-> a:1}", "{a:1 -k-> a:1}");
	assert_canonical("{a:007 -k-> a:1}", "{a:7 -k-> a:1}");
	assert_canonical("{a:1-k->a:2}", "{a:1 -k-> a:2}");
	assert_canonical("{\ta:1\n-k->\r\na:2\n[2020-01-01,)\n;\na:3\n}", "{a:1 -k-> a:2 [2020-01-01,); a:3}");
	assert_canonical("{a:1 -k-> a:2 [2024-02-29,2024-03-01)}", "{a:1 -k-> a:2 [2024-02-29,2024-03-01)}");
	assert_canonical("{a:1 -k-> a:2 [0001-01-01,9999-12-31)}", "{a:1 -k-> a:2 [0001-01-01,9999-12-31)}");
	assert_canonical("{a:1 -k-> a:2 (,0001-01-02); a:1 -k-> a:2 [9999-12-31,)}",
					 "{a:1 -k-> a:2 (,0001-01-02); a:1 -k-> a:2 [9999-12-31,)}");
	assert_canonical("{a:1 -k-> a:2 empty; a:1 -k-> a:2 empty}", "{a:1 -k-> a:2 empty}");
	assert_canonical("{a:1 -k-> b:2; a:1}", "{a:1 -k-> b:2}");
	assert_canonical("{b:2; a:1 -k-> a:1}", "{a:1 -k-> a:1; b:2}");
}

/* Every malformed text fails with DEAL_BAD_TEXT at a sensible position. */
static void
test_bad_text(void **state)
{
	char		long_kind[80];

	(void) state;
	/* braces */
	assert_bad_text("", 0, "Expected \"{\" at character 1, found the end");
	assert_bad_text("   ", 3, "Expected \"{\"");
	assert_bad_text("a:1}", 0, "Expected \"{\" at character 1, found character \"a\"");
	assert_bad_text("[a:1]", 0, "Expected \"{\"");
	assert_bad_text("{", 1, "a kind");
	assert_bad_text("{a:1", 4, "Expected \";\" or \"}\" at character 5, found the end");
	assert_bad_text("{a:1 -k-> a:2", 13, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,)", 27, "\";\" or \"}\"");
	/* trailing garbage */
	assert_bad_text("{a:1}x", 5, "the end after \"}\"");
	assert_bad_text("{a:1} }", 6, "the end");
	assert_bad_text("{}{}", 2, "the end");
	assert_bad_text("{a:1};", 5, "the end");
	/* separators */
	assert_bad_text("{a:1 a:2}", 5, "\";\" or \"}\" at character 6, found character \"a\"");
	assert_bad_text("{a:1, a:2}", 4, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:2 a:3}", 14, "\";\" or \"}\"");
	assert_bad_text("{a:1;}", 5, "a kind");
	assert_bad_text("{a:1;;a:2}", 5, "a kind");
	assert_bad_text("{;}", 1, "a kind");
	/* kinds */
	assert_bad_text("{1a:1}", 1, "a kind (a letter)");
	assert_bad_text("{_a:1}", 1, "a kind");
	assert_bad_text("{:1}", 1, "a kind");
	assert_bad_text("{caf\xc3\xa9:1}", 4, "\":\" after a node kind at character 5, found byte 0xC3");
	assert_bad_text("{a-b:1}", 2, "\":\" after a node kind");
	assert_bad_text("{a 1}", 2, "\":\" after a node kind");
	assert_bad_text("{a :1}", 2, "\":\" after a node kind");
	assert_bad_text("{a:1 -1k-> a:2}", 6, "a kind");
	assert_bad_text("{a:1 -> a:2}", 6, "a kind");
	assert_bad_text("{a:1 - k-> a:2}", 6, "a kind");
	assert_bad_text("{a:1 -k- a:2}", 7, "\"->\" after an edge kind");
	assert_bad_text("{a:1 -k -> a:2}", 7, "\"->\"");
	assert_bad_text("{a:1 -k=> a:2}", 7, "\"->\"");
	assert_bad_text("{a:1 -k->}", 9, "a kind");
	assert_bad_text("{a:1 -k-> 2}", 10, "a kind");
	assert_bad_text("{a:1 -k-> :2}", 10, "a kind");
	memset(long_kind, 0, sizeof(long_kind));
	long_kind[0] = '{';
	memset(long_kind + 1, 'k', 64);
	strcat(long_kind, ":1}");
	assert_bad_text(long_kind, 1, "Kind at character 2 is longer than 63 characters");
	long_kind[64] = ':';		/* 63 characters are fine, then garbage */
	long_kind[65] = '1';
	long_kind[66] = '}';
	long_kind[67] = '!';
	long_kind[68] = '\0';
	assert_bad_text(long_kind, 67, "the end");
	/* ids */
	assert_bad_text("{a:}", 3, "a node id (digits)");
	assert_bad_text("{a:-}", 4, "a node id");
	assert_bad_text("{a:--1}", 4, "a node id");
	assert_bad_text("{a:+1}", 3, "a node id");
	assert_bad_text("{a:x}", 3, "a node id");
	assert_bad_text("{a: 1}", 3, "a node id");
	assert_bad_text("{a:1.5}", 4, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:}", 12, "a node id");
	assert_bad_text("{a:1 -k-> a}", 11, "\":\" after a node kind");
	assert_id_out_of_range("{a:9223372036854775808}", 3);
	assert_id_out_of_range("{a:-9223372036854775809}", 3);
	assert_id_out_of_range("{a:99999999999999999999}", 3);
	assert_id_out_of_range("{a:1 -k-> a:18446744073709551617}", 12);
	assert_canonical("{a:9223372036854775807 -k-> a:-9223372036854775808}",
					 "{a:9223372036854775807 -k-> a:-9223372036854775808}");
	/* dates */
	assert_bad_text("{a:1 -k-> a:2 [2023-02-29,)}", 15, "Expected a date YYYY-MM-DD at character 16");
	assert_bad_text("{a:1 -k-> a:2 [2100-02-29,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-13-01,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-00-10,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-04-31,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-04-00,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [0000-01-01,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-1-01,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [20200101,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [,2020-01-01)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,2023-02-29)}", 26, "Expected a date YYYY-MM-DD or \")\" at character 27");
	assert_bad_text("{a:1 -k-> a:2 (,10000-01-01)}", 16, "a date YYYY-MM-DD or \")\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01]}", 25, "\",\" in a date range");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01)}", 25, "\",\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01, 2021-01-01)}", 26, "a date YYYY-MM-DD or \")\"");
	assert_bad_text("{a:1 -k-> a:2 (2020-01-01,)}", 15, "\",\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,2021-01-01]}", 36, "\")\" closing a date range");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,2021-01-01}", 36, "\")\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,}", 26, "a date YYYY-MM-DD or \")\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,", 26, "found the end");
	/* empty and backwards ranges: the position of the ")" that closes them */
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,2020-01-01)}", 36, "empty or backwards");
	assert_bad_text("{a:1 -k-> a:2 [2021-01-01,2020-01-01)}", 36, "write \"empty\"");
	assert_bad_text("{a:1 -k-> a:2 [9999-12-31,0001-01-01)}", 36, "empty or backwards");
	/* empty is a word of its own */
	assert_bad_text("{a:1 -k-> a:2 emptyx}", 19, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:2 Empty}", 14, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:2 empty [2020-01-01,)}", 20, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,) [2021-01-01,)}", 28, "\";\" or \"}\"");
	/* a lone node cannot have a range */
	assert_bad_text("{a:1 [2020-01-01,)}", 5, "\";\" or \"}\"");
	/* an error after good items: the position is still in the whole text */
	assert_bad_text("{a:1 -k-> a:2; b:2 -k-> b:3; c:3 -k-> c:}", 40, "a node id");
}

/* Random changes to good texts: refused with a position inside the text, or round-trip. */
static void
test_text_mutations(void **state)
{
	const char *const seeds[] = {
		"{person:1 -parent_of-> person:2 [2020-01-01,2024-05-01); person:2 -lives_at-> household:7; person:3}",
		"{a:-1 -k-> a:2 (,2024-05-01); a:2 -k-> a:2 empty; b:9 -m-> a:-1 [2020-02-29,)}",
	};
	const char	alphabet[] = "{}[]();:,- >_09az-AZ\t\n\0empty";
	uint64_t	seed = 4242;
	char		text[256];

	(void) state;
	for (int round = 0; round < 4000; round++)
	{
		const char *base = seeds[round % 2];
		size_t		len = strlen(base);
		int			changes = 1 + random_below(&seed, 3);
		GraphBuilder gb;
		DealStatus	st;
		DealCode	code;

		memcpy(text, base, len + 1);
		for (int i = 0; i < changes; i++)
		{
			size_t		at = (size_t) random_below(&seed, (int) len);

			switch (random_below(&seed, 3))
			{
				case 0:			/* replace a character */
					text[at] = alphabet[random_below(&seed, (int) sizeof(alphabet) - 1)];
					break;
				case 1:			/* delete one */
					memmove(text + at, text + at + 1, len - at);
					break;
				default:		/* insert one */
					if (len + 2 < sizeof(text))
					{
						memmove(text + at + 1, text + at, len - at + 1);
						text[at] = alphabet[random_below(&seed, (int) sizeof(alphabet) - 1)];
					}
					break;
			}
			len = strlen(text);
		}
		graph_builder_init(&gb, A);
		code = graph_parse(&gb, text, NULL, &st);
		if (code == DEAL_OK)
		{
			Built		b,
						again;
			char	   *out;

			finish(&gb, &b);
			out = text_of(&b.g);
			build_text(out, &again);
			assert_same_flat(&b, &again);
			deal_release(A, out);
			release(&again);
			release(&b);
		}
		else
		{
			if (code != DEAL_BAD_TEXT || st.position < 0 || (size_t) st.position > len ||
				st.detail[0] == '\0')
				fail_msg("\"%s\": code %d at %d: %s", text, code, st.position, st.detail);
			graph_builder_free(&gb);
		}
	}
}

/* Run the tests of the text form. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_text_mutations),
	};

	return cmocka_run_group_tests_name("graph text", tests, NULL, NULL);
}
