/* test-server-enrol.c — the station identity a desk states at enrolment
 * (docs/sync-protocol.md §4.1, issue 13 row 5): `MotCua-Station` on GET
 * /api/v1/info binds a token issued with a name alone; a second token
 * claiming the same agency code and number gets 409 station_taken without
 * a word about the first; a bound token claiming something else gets 403
 * station_mismatch; after binding, PUT refuses codes outside the range;
 * revoking frees the identity; a token used without the header (older
 * desks) works as before.
 */
#include "server-test-util.h"

#include <string.h>

#include "mc-codes.h"

#define AGENCY "000.00.77.H29"

static char *
name_token (const char *station)
{
  int status;
  char *out = run_admin (&status, "token", "--data-dir", shared->data_dir, "--station", station, NULL);

  g_assert_cmpint (status, ==, 0);
  return g_strstrip (out);
}

static Reply
info_as (const char *token,
         const char *station_header)
{
  const char *extra[] = { "MotCua-Station", station_header, NULL };

  return request_full (shared, "GET", "api/v1/info", token, NULL, NULL,
                       station_header != NULL ? extra : NULL);
}

static JsonObject *
station_of (Reply *r)
{
  return json_object_get_object_member (obj (r), "station");
}

/* A code of @agency in the range of station @n, not sent before. */
static char *
code_for (const char *agency,
          guint       n)
{
  static guint used[10];
  guint first, last;

  mc_codes_station_range (n, &first, &last);
  g_assert_cmpuint (first + used[n], <=, last);
  return g_strdup_printf ("%s-261123-%04u", agency, first + used[n]++);
}

static guint
put_code (const char *token,
          const char *code)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *path = dossier_path (uuid);
  Doc d = { uuid, 1, code, "Đặng Thị Ánh", NULL, "2026-11-23T09:15:00+07:00", { NULL }, { 0 }, FALSE };
  g_autofree char *json = dossier_json (&d);
  g_auto(Reply) r = put_json (shared, path, token, json);

  if (r.status != 201)
    g_test_message ("PUT %s → %u %s", code, r.status, r.body);
  return r.status;
}

/* First enrolment binds; the range check applies from then on; the same
 * claim again is fine; another claim with the same token is refused. */
static void
test_first_enrolment_binds (void)
{
  g_autofree char *token = name_token ("enrol-x");
  g_autofree char *before = code_for ("000.00.88.H29", 1);

  /* Unbound, no header: no check (a code of any agency). */
  g_assert_cmpuint (put_code (token, before), ==, 201);
  {
    g_auto(Reply) r = info_as (token, AGENCY "/3");

    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (station_of (&r), "agency_code"), ==, AGENCY);
    g_assert_cmpint (json_object_get_int_member (station_of (&r), "station_number"), ==, 3);
  }
  /* Bound for good: without the header too. */
  {
    g_auto(Reply) r = info_as (token, NULL);

    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (station_of (&r), "station_number"), ==, 3);
  }
  /* Out of range now: station 1's code, another agency's. In range: fine. */
  {
    g_autofree char *other_station = code_for (AGENCY, 1);
    g_autofree char *other_agency = code_for ("000.00.88.H29", 3);
    g_autofree char *own = code_for (AGENCY, 3);
    g_autofree char *uuid = g_uuid_string_random ();
    g_autofree char *path = dossier_path (uuid);
    Doc d = { uuid, 1, other_station, "Đặng Thị Ánh", NULL, "2026-11-23T09:15:00+07:00", { NULL }, { 0 }, FALSE };
    g_autofree char *json = dossier_json (&d);
    g_auto(Reply) r = put_json (shared, path, token, json);

    g_assert_cmpuint (r.status, ==, 403);
    g_assert_cmpstr (error_code (&r), ==, "code_out_of_range");
    g_assert_nonnull (strstr (r.body, "số 3"));
    g_assert_cmpuint (put_code (token, other_agency), ==, 403);
    g_assert_cmpuint (put_code (token, own), ==, 201);
  }
  /* The same claim again (every probe sends it): 200. */
  {
    g_auto(Reply) r = info_as (token, AGENCY "/3");

    g_assert_cmpuint (r.status, ==, 200);
  }
  /* This token claiming another number, or another agency: 403, saying what it is bound to. */
  {
    g_auto(Reply) r = info_as (token, AGENCY "/5");
    g_auto(Reply) r2 = info_as (token, "000.00.88.H29/3");

    g_assert_cmpuint (r.status, ==, 403);
    g_assert_cmpstr (error_code (&r), ==, "station_mismatch");
    g_assert_nonnull (strstr (r.body, "số 3"));
    g_assert_nonnull (strstr (r.body, "số 5"));
    g_assert_cmpuint (r2.status, ==, 403);
    g_assert_cmpstr (error_code (&r2), ==, "station_mismatch");
  }
}

/* A second PC enrolling as the same station: 409 with what to change,
 * nothing about the first PC; another number works; revoking the first
 * PC's token frees the number. */
static void
test_second_desk_taken (void)
{
  g_autofree char *first = name_token ("enrol-first");
  g_autofree char *second = name_token ("enrol-second");
  g_autofree char *first_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, first, -1);
  g_autofree char *first_id = g_strndup (first_hash, 8);
  int status;

  {
    g_auto(Reply) r = info_as (first, AGENCY "/6");
    g_assert_cmpuint (r.status, ==, 200);
  }
  {
    g_auto(Reply) r = info_as (second, AGENCY "/6");

    g_assert_cmpuint (r.status, ==, 409);
    g_assert_cmpstr (error_code (&r), ==, "station_taken");
    g_assert_nonnull (strstr (r.body, "số 6"));
    g_assert_nonnull (strstr (r.body, "số máy trạm khác"));
    g_assert_nonnull (strstr (r.body, "thu hồi"));
    g_assert_null (strstr (r.body, "enrol-first"));
    g_assert_null (strstr (r.body, first));
    g_assert_null (strstr (r.body, first_id));
  }
  /* The refused token stays unbound: it may claim a free number. */
  {
    g_auto(Reply) r = info_as (second, AGENCY "/7");
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (station_of (&r), "station_number"), ==, 7);
  }

  /* The province revokes the first PC's token: the number is free again. */
  g_free (run_admin (&status, "revoke", "--data-dir", shared->data_dir, "--station", "enrol-first", NULL));
  g_assert_cmpint (status, ==, 0);
  {
    g_auto(Reply) gone = info_as (first, NULL);
    g_autofree char *third = name_token ("enrol-third");
    g_auto(Reply) r = info_as (third, AGENCY "/6");

    g_assert_cmpuint (gone.status, ==, 401);
    g_assert_cmpuint (r.status, ==, 200);
  }
  /* Nothing to revoke: exit 1. */
  g_free (run_admin (&status, "revoke", "--data-dir", shared->data_dir, "--station", "enrol-first", NULL));
  g_assert_cmpint (status, ==, 1);
}

/* A number registered by the province (`token --agency-code --station-number`)
 * is taken for a token that only has a name. */
static void
test_registered_is_taken (void)
{
  g_autofree char *token = name_token ("enrol-late");
  int status;
  g_autofree char *registered = g_strstrip (run_admin (&status, "token", "--data-dir", shared->data_dir,
                                                      "--station", "enrol-registered",
                                                      "--agency-code", AGENCY, "--station-number", "8", NULL));
  g_auto(Reply) r = info_as (token, AGENCY "/8");
  g_auto(Reply) own = info_as (registered, AGENCY "/8");

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (r.status, ==, 409);
  g_assert_cmpstr (error_code (&r), ==, "station_taken");
  g_assert_cmpuint (own.status, ==, 200);
}

/* Older desks send no header: a name-only token is never bound. */
static void
test_old_tokens_work (void)
{
  g_autofree char *token = name_token ("enrol-old");
  g_autofree char *code_a = code_for ("000.00.99.H29", 2);
  g_autofree char *code_b = code_for ("000.00.98.H29", 9);
  g_auto(Reply) r = info_as (token, NULL);

  g_assert_cmpuint (r.status, ==, 200);
  g_assert_true (json_object_get_null_member (station_of (&r), "agency_code"));
  g_assert_true (json_object_get_null_member (station_of (&r), "station_number"));
  g_assert_cmpuint (put_code (token, code_a), ==, 201);
  g_assert_cmpuint (put_code (token, code_b), ==, 201);
}

/* The header is outside input: bounded and validated, 400 otherwise. */
static void
test_bad_header (void)
{
  g_autofree char *token = name_token ("enrol-bad");
  g_autofree char *long_value = g_strnfill (200, 'A');
  const char *bad[] = { "3", AGENCY, AGENCY "/0", AGENCY "/10", AGENCY "/3x", "/3", "000-00/3",
                        "000.00.77.H29 /3", long_value, NULL };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_auto(Reply) r = info_as (token, bad[i]);

      g_test_message ("MotCua-Station: “%s” → %u", bad[i], r.status);
      g_assert_cmpuint (r.status, ==, 400);
      g_assert_cmpstr (error_code (&r), ==, "bad_request");
    }
  /* Still unbound after all that. */
  {
    g_auto(Reply) r = info_as (token, NULL);
    g_assert_true (json_object_get_null_member (station_of (&r), "station_number"));
  }
  /* No token: 401 before the header is looked at. */
  {
    g_auto(Reply) r = info_as (NULL, AGENCY "/4");
    g_assert_cmpuint (r.status, ==, 401);
  }
}

int
main (int    argc,
      char **argv)
{
  server_test_init (&argc, &argv);
  g_test_add_func ("/server/enrol/first-binds", test_first_enrolment_binds);
  g_test_add_func ("/server/enrol/second-desk-taken", test_second_desk_taken);
  g_test_add_func ("/server/enrol/registered-is-taken", test_registered_is_taken);
  g_test_add_func ("/server/enrol/old-tokens", test_old_tokens_work);
  g_test_add_func ("/server/enrol/bad-header", test_bad_header);
  return server_test_run ();
}
