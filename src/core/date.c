/*
 * date.c: calendar dates as day numbers since 2000-01-01 (PostgreSQL's DateADT), for the
 * years 1 to 9999, written and read as YYYY-MM-DD.
 */
#include "date.h"

#include <stdbool.h>

#define DAYS_1970_TO_2000 10957

/* Days since 2000-01-01 of a proleptic Gregorian date (after Howard Hinnant's algorithm). */
static int32_t
days_from_civil(int y, int m, int d)
{
	int			era,
				yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468 - DAYS_1970_TO_2000;
}

/* Write day d (days since 2000-01-01, years 1..9999) as YYYY-MM-DD into buf[11]. */
void
graph_format_date(int32_t d, char *buf)
{
	int			z = d + 719468 + DAYS_1970_TO_2000;
	int			era = (z >= 0 ? z : z - 146096) / 146097;
	int			doe = z - era * 146097;
	int			yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int			doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int			mp = (5 * doy + 2) / 153;
	int			day = doy - (153 * mp + 2) / 5 + 1;
	int			month = mp < 10 ? mp + 3 : mp - 9;
	int			year = yoe + era * 400 + (month <= 2);

	buf[0] = (char) ('0' + year / 1000 % 10);
	buf[1] = (char) ('0' + year / 100 % 10);
	buf[2] = (char) ('0' + year / 10 % 10);
	buf[3] = (char) ('0' + year % 10);
	buf[4] = '-';
	buf[5] = (char) ('0' + month / 10);
	buf[6] = (char) ('0' + month % 10);
	buf[7] = '-';
	buf[8] = (char) ('0' + day / 10);
	buf[9] = (char) ('0' + day % 10);
	buf[10] = '\0';
}

/* Value of n digits at text, or -1 if they are not all digits. */
static int
read_digits(const char *text, int n)
{
	int			v = 0;

	for (int i = 0; i < n; i++)
	{
		if (text[i] < '0' || text[i] > '9')
			return -1;
		v = v * 10 + (text[i] - '0');
	}
	return v;
}

/* Parse YYYY-MM-DD at text into *d; returns the characters read, 0 if not a valid date. */
int
graph_parse_date(const char *text, int32_t *d)
{
	static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			y = read_digits(text, 4);
	int			m,
				day;
	bool		leap;

	if (y < 1 || text[4] != '-' || (m = read_digits(text + 5, 2)) < 1 || m > 12 ||
		text[7] != '-' || (day = read_digits(text + 8, 2)) < 1 || day > month_days[m - 1])
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && day == 29 && !leap)
		return 0;
	*d = days_from_civil(y, m, day);
	return 10;
}
