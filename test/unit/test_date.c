/*
 * test_date.c: dates as day numbers, written and read as YYYY-MM-DD: known dates, refused
 * strings, and every day of the years 1 to 9999 against a plain calendar.
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

#include "date.h"
#include "graph.h"

/* Is year y a leap year? */
static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Known dates, refused strings, and every day of years 1 to 9999 against a plain calendar. */
static void
test_dates(void **state)
{
	static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *const bad[] = {
		"", "2024", "2024-02", "2024-02-2", "2024-02-30", "2023-02-29", "2100-02-29", "1900-02-29",
		"2024-04-31", "2024-13-01", "2024-00-01", "2024-01-00", "2024-01-32", "0000-01-01",
		"10000-01-01", "2024-4-01", "2024/04/01", "2024-04/01", " 2024-04-01", "+024-04-01",
		"2024-0a-01", "abcd-ef-gh", "-001-01-01", "2024-04-1 ",
	};
	char		buf[11];
	char		want[11];
	int32_t		d;
	int			y = 1,
				m = 1,
				dd = 1;

	(void) state;
	assert_int_equal(graph_parse_date("2000-01-01", &d), 10);
	assert_int_equal(d, 0);
	assert_int_equal(graph_parse_date("1970-01-01", &d), 10);
	assert_int_equal(d, -10957);
	assert_int_equal(graph_parse_date("1999-12-31", &d), 10);
	assert_int_equal(d, -1);
	assert_int_equal(graph_parse_date("0001-01-01", &d), 10);
	assert_int_equal(d, GRAPH_DATE_MIN);
	assert_int_equal(graph_parse_date("9999-12-31", &d), 10);
	assert_int_equal(d, GRAPH_DATE_MAX);
	assert_int_equal(graph_parse_date("2024-02-29", &d), 10);
	assert_int_equal(d, 8825);
	assert_int_equal(graph_parse_date("2000-02-29", &d), 10);
	assert_int_equal(d, 59);
	assert_int_equal(graph_parse_date("2400-02-29", &d), 10);
	assert_int_equal(graph_parse_date("2024-02-29T00:00", &d), 10);	/* reads ten characters */
	assert_int_equal(d, 8825);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		d = 12345;
		if (graph_parse_date(bad[i], &d) != 0)
			fail_msg("\"%s\" parsed as a date", bad[i]);
		assert_int_equal(d, 12345);
	}
	graph_format_date(0, buf);
	assert_string_equal(buf, "2000-01-01");
	graph_format_date(-10957, buf);
	assert_string_equal(buf, "1970-01-01");
	graph_format_date(8825, buf);
	assert_string_equal(buf, "2024-02-29");
	graph_format_date(GRAPH_DATE_MIN, buf);
	assert_string_equal(buf, "0001-01-01");
	graph_format_date(GRAPH_DATE_MAX, buf);
	assert_string_equal(buf, "9999-12-31");

	/* every day, counted on a calendar one day at a time */
	for (int32_t day_number = GRAPH_DATE_MIN; day_number <= GRAPH_DATE_MAX; day_number++)
	{
		want[0] = (char) ('0' + y / 1000);
		want[1] = (char) ('0' + y / 100 % 10);
		want[2] = (char) ('0' + y / 10 % 10);
		want[3] = (char) ('0' + y % 10);
		want[4] = '-';
		want[5] = (char) ('0' + m / 10);
		want[6] = (char) ('0' + m % 10);
		want[7] = '-';
		want[8] = (char) ('0' + dd / 10);
		want[9] = (char) ('0' + dd % 10);
		want[10] = '\0';
		graph_format_date(day_number, buf);
		if (strcmp(buf, want) != 0)
			fail_msg("day %d formats as %s, not %s", day_number, buf, want);
		if (graph_parse_date(want, &d) != 10 || d != day_number)
			fail_msg("%s parses as %d, not %d", want, d, day_number);
		if (++dd > month_days[m - 1] + (m == 2 && leap_year(y)))
		{
			dd = 1;
			if (++m > 12)
			{
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(y, 10000);
}

/* Run the tests of dates. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
