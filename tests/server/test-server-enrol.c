/* test-server-enrol.c — the station identity a desk states at enrolment
 * (docs/sync-protocol.md §4.1, issue 13 row 5): `MotCua-Station` on GET
 * /api/v1/info binds a token issued with a name alone; a second token
 * claiming the same agency code and number gets 409 station_taken without
 * a word about the first; a bound token claiming something else gets 403
 * station_mismatch; after binding, PUT refuses codes outside the range;
 * revoking frees the identity; a token used without the header (older
 * desks) works as before. `token --agency-code --station-number` refuses a
 * number another station holds, registered or bound, until it is revoked.
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

/* ---- `token --agency-code C --station-number N` of a number already held ---- */

#define AGENCY_CLI "000.00.66.H29"

/* `token --station @station --agency-code AGENCY_CLI --station-number @n`:
 * the token printed, or NULL with @err_out set (exit status 1). */
static char *
register_number (const char  *station,
                 const char  *n,
                 char       **err_out)
{
  int status;
  g_autofree char *err = NULL;
  char *out = run_admin_err (&status, &err, "token", "--data-dir", shared->data_dir, "--station", station,
                             "--agency-code", AGENCY_CLI, "--station-number", n, NULL);

  if (status == 0)
    {
      g_assert_true (g_str_has_prefix (out, "mct_"));
      return g_strstrip (out);
    }
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");   /* no token printed */
  g_free (out);
  *err_out = g_steal_pointer (&err);
  return NULL;
}

/* The refusal says which number of which agency, and which station has it
 * (the operator's own name for it), never a token or its hash. */
static void
assert_refusal (const char *err,
                const char *number,
                const char *holder,
                const char *holder_token)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, holder_token, -1);
  g_autofree char *says_number = g_strdup_printf ("số %s ", number);
  g_autofree char *says_holder = g_strdup_printf ("“%s”", holder);

  g_assert_nonnull (err);
  g_assert_true (g_str_has_prefix (err, "motcua-server: "));
  g_assert_nonnull (strstr (err, says_number));
  g_assert_nonnull (strstr (err, AGENCY_CLI));
  g_assert_nonnull (strstr (err, says_holder));
  g_assert_nonnull (strstr (err, "revoke"));
  g_assert_null (strstr (err, holder_token));
  g_assert_null (strstr (err, holder_token + 4));
  g_assert_null (strstr (err, hash));
}

/* A station with no valid token: the refused command left nothing behind. */
static void
assert_no_token (const char *station)
{
  int status;

  g_free (run_admin (&status, "revoke", "--data-dir", shared->data_dir, "--station", station, NULL));
  g_assert_cmpint (status, ==, 1);
}

/* A number registered by an earlier `token --agency-code --station-number`. */
static void
test_cli_refuses_registered (void)
{
  g_autofree char *first = register_number ("cli-reg-1", "5", NULL);
  g_autofree char *err = NULL;
  g_autofree char *again = NULL;
  g_autofree char *other = NULL;
  g_autofree char *second = NULL;

  g_assert_nonnull (first);
  g_assert_null (register_number ("cli-reg-2", "5", &err));
  assert_refusal (err, "5", "cli-reg-1", first);
  assert_no_token ("cli-reg-2");
  /* The first station still has its token and number. */
  {
    g_auto(Reply) r = info_as (first, NULL);

    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (station_of (&r), "station_number"), ==, 5);
  }
  /* The same number of the same agency is still a station's own to renew;
   * another number is free. */
  again = register_number ("cli-reg-1", "5", NULL);
  g_assert_nonnull (again);
  other = register_number ("cli-reg-2", "6", NULL);
  g_assert_nonnull (other);
  /* Changing only the number, the agency code being the registered one. */
  {
    int status;
    g_autofree char *out = run_admin_err (&status, &second, "token", "--data-dir", shared->data_dir,
                                          "--station", "cli-reg-2", "--station-number", "5", NULL);

    g_assert_cmpint (status, ==, 1);
    assert_refusal (second, "5", "cli-reg-1", again);
  }
}

/* A number a desk's token was bound to at enrolment (token_bindings). */
static void
test_cli_refuses_bound (void)
{
  g_autofree char *bound = name_token ("cli-bound");
  g_autofree char *err = NULL;

  {
    g_auto(Reply) r = info_as (bound, AGENCY_CLI "/4");

    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (station_of (&r), "station_number"), ==, 4);
  }
  g_assert_null (register_number ("cli-after-bound", "4", &err));
  assert_refusal (err, "4", "cli-bound", bound);
  assert_no_token ("cli-after-bound");
  {
    g_auto(Reply) r = info_as (bound, AGENCY_CLI "/4");

    g_assert_cmpuint (r.status, ==, 200);
  }
}

/* Revoking the holder frees the number, registered or bound. */
static void
test_revoke_frees_number (void)
{
  g_autofree char *registered = register_number ("cli-rv-reg", "7", NULL);
  g_autofree char *bound = name_token ("cli-rv-bound");
  g_autofree char *err_reg = NULL;
  g_autofree char *err_bound = NULL;
  g_autofree char *taker_reg = NULL;
  g_autofree char *taker_bound = NULL;
  int status;

  g_assert_nonnull (registered);
  {
    g_auto(Reply) r = info_as (bound, AGENCY_CLI "/8");
    g_assert_cmpuint (r.status, ==, 200);
  }
  g_assert_null (register_number ("cli-rv-taker-1", "7", &err_reg));
  g_assert_null (register_number ("cli-rv-taker-2", "8", &err_bound));

  g_free (run_admin (&status, "revoke", "--data-dir", shared->data_dir, "--station", "cli-rv-reg", NULL));
  g_assert_cmpint (status, ==, 0);
  g_free (run_admin (&status, "revoke", "--data-dir", shared->data_dir, "--station", "cli-rv-bound", NULL));
  g_assert_cmpint (status, ==, 0);

  taker_reg = register_number ("cli-rv-taker-1", "7", NULL);
  taker_bound = register_number ("cli-rv-taker-2", "8", NULL);
  g_assert_nonnull (taker_reg);
  g_assert_nonnull (taker_bound);
  {
    g_auto(Reply) r = info_as (taker_reg, AGENCY_CLI "/7");

    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (station_of (&r), "station_number"), ==, 7);
    g_assert_cmpstr (json_object_get_string_member (station_of (&r), "agency_code"), ==, AGENCY_CLI);
  }
  {
    g_auto(Reply) r = info_as (taker_bound, AGENCY_CLI "/8");

    g_assert_cmpuint (r.status, ==, 200);
  }
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
  g_test_add_func ("/server/enrol/cli-refuses-registered", test_cli_refuses_registered);
  g_test_add_func ("/server/enrol/cli-refuses-bound", test_cli_refuses_bound);
  g_test_add_func ("/server/enrol/revoke-frees-number", test_revoke_frees_number);
  return server_test_run ();
}
