/* test-intake-form.c — the intake form's state, checks, dossier and draft, without a display */
#include "config.h"

#include <string.h>

#include "mc-intake-form.h"
#include "mc-intake-form-fees.h"

/* All checks run at a fixed "now": Monday 24/11/2025 10:00 in Vietnam. */
#define NOW_ISO "2025-11-24T10:00:00+07:00"

typedef struct
{
  McCatalog    *catalog;
  McIntakeForm *form;
  GDateTime    *now;
  guint         n_changed;
  int           last_changed;
} Fixture;

static void
on_changed_cb (McIntakeForm *form,
               int           field,
               Fixture      *fx)
{
  fx->n_changed++;
  fx->last_changed = field;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->catalog = mc_catalog_new_bundled ();
  fx->form = mc_intake_form_new ();
  fx->now = g_date_time_new_from_iso8601 (NOW_ISO, NULL);
  g_assert_nonnull (fx->now);
  mc_intake_form_set_now (fx->form, fx->now);
  g_signal_connect (fx->form, "changed", G_CALLBACK (on_changed_cb), fx);
  fx->last_changed = -1;
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->form);
  g_clear_object (&fx->catalog);
  g_clear_pointer (&fx->now, g_date_time_unref);
}

/* Asserts the message of @field: NULL when @prefix is NULL, else starting
 * with @prefix (the field's name) and containing @fragment if given. */
#define assert_field(form, field, prefix, fragment) \
  assert_field_impl ((form), (field), (prefix), (fragment), G_STRLOC)

static void
assert_field_impl (McIntakeForm *form,
                   McFormField   field,
                   const char   *prefix,
                   const char   *fragment,
                   const char   *where)
{
  g_autofree char *message = mc_intake_form_validate_field (form, field);

  if (prefix == NULL)
    {
      if (message != NULL)
        g_error ("%s: field %d: expected no message, got “%s”", where, field, message);
      return;
    }
  if (message == NULL)
    g_error ("%s: field %d: expected a message starting “%s”, got none", where, field, prefix);
  if (!g_str_has_prefix (message, prefix))
    g_error ("%s: field %d: message does not start with “%s”: %s", where, field, prefix, message);
  if (fragment != NULL && strstr (message, fragment) == NULL)
    g_error ("%s: field %d: message lacks “%s”: %s", where, field, fragment, message);
}

/* A form with every required field right. */
static void
fill_valid (Fixture *fx)
{
  mc_intake_form_set_procedure (fx->form, mc_catalog_lookup (fx->catalog, "HT-KS"));
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_FULL_NAME, "  Nguyễn   Văn An ");
  mc_intake_form_set_id_kind (fx->form, MC_ID_KIND_CCCD);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_ID_NUMBER, "001 085 012345");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "2/3/1985");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_ADDRESS, "Thôn 3,  xã Tân Lập");
}

/* ---- parsing ---------------------------------------------------------- */

static void
test_parse_date (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "02/03/1985", "1985-03-02" },
    { "2/3/1985", "1985-03-02" },
    { " 2/03/1985 ", "1985-03-02" },
    { "02.03.1985", "1985-03-02" },
    { "02-03-1985", "1985-03-02" },
    { "1985-03-02", "1985-03-02" },
    { "1985-3-2", "1985-03-02" },
    { "31/02/1990", "1990-02-31" },   /* the shape only; the date is checked later */
    { "", NULL },
    { "2/3/85", NULL },
    { "1985/03/02", NULL },
    { "02/03-1985", NULL },
    { "02/03/19850", NULL },
    { "123/03/1985", NULL },
    { "02/003/1985", NULL },
    { "a/b/c", NULL },
    { "02/03/1985x", NULL },
    { "02031985", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *iso = mc_intake_form_parse_date (cases[i].in);

      g_assert_cmpstr (iso, ==, cases[i].out);
    }
  g_assert_null (mc_intake_form_parse_date (NULL));
}

static void
test_parse_time (void)
{
  static const struct { const char *in; int minutes; } cases[] = {
    { "09:05", 9 * 60 + 5 },
    { "9:05", 9 * 60 + 5 },
    { " 9:05 ", 9 * 60 + 5 },
    { "9h05", 9 * 60 + 5 },
    { "9H05", 9 * 60 + 5 },
    { "9h", 9 * 60 },
    { "09.05", 9 * 60 + 5 },
    { "0:00", 0 },
    { "23:59", 23 * 60 + 59 },
    { "24:00", -1 },
    { "12:60", -1 },
    { "9:5", -1 },
    { "9:", -1 },
    { "9", -1 },
    { "", -1 },
    { "ab:cd", -1 },
    { "123:00", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (mc_intake_form_parse_time (cases[i].in), ==, cases[i].minutes);
}

/* ---- fields ----------------------------------------------------------- */

static void
test_procedure (Fixture       *fx,
                gconstpointer  data)
{
  McProcedure *birth = mc_catalog_lookup (fx->catalog, "HT-KS");
  McProcedure *marriage = mc_catalog_lookup (fx->catalog, "HT-KH");
  GPtrArray *required;
  const McFormPaper *paper;

  g_assert_nonnull (birth);
  g_assert_nonnull (marriage);
  assert_field (fx->form, MC_FORM_FIELD_PROCEDURE, "Procedure:", "choose");
  g_assert_cmpuint (mc_intake_form_get_n_papers (fx->form), ==, 0);

  mc_intake_form_set_procedure (fx->form, birth);
  assert_field (fx->form, MC_FORM_FIELD_PROCEDURE, NULL, NULL);
  g_assert_cmpstr (mc_intake_form_get_text (fx->form, MC_FORM_FIELD_PROCEDURE), ==, "HT-KS");
  g_assert_cmpstr (mc_intake_form_get_procedure_name (fx->form), ==, "Đăng ký khai sinh");

  /* The checklist is the catalog's, nothing ticked yet. */
  required = mc_procedure_get_papers (birth);
  g_assert_cmpuint (mc_intake_form_get_n_papers (fx->form), ==, required->len);
  for (guint i = 0; i < required->len; i++)
    {
      McRequiredPaper *r = g_ptr_array_index (required, i);

      paper = mc_intake_form_get_paper (fx->form, i);
      g_assert_cmpstr (paper->name, ==, r->name);
      g_assert_cmpstr (paper->note, ==, r->note);
      g_assert_cmpint (paper->form, ==, r->form);
      g_assert_cmpuint (paper->copies, ==, r->copies);
      g_assert_cmpint (paper->required, ==, r->required);
      g_assert_false (paper->checked);
    }
  g_assert_cmpuint (mc_intake_form_count_missing_required (fx->form), ==, 3);

  /* Picking the same procedure again keeps the ticks; another one resets. */
  mc_intake_form_set_paper_checked (fx->form, 0, TRUE);
  g_assert_cmpuint (mc_intake_form_count_missing_required (fx->form), ==, 2);
  mc_intake_form_set_procedure (fx->form, birth);
  g_assert_true (mc_intake_form_get_paper (fx->form, 0)->checked);
  mc_intake_form_set_procedure (fx->form, marriage);
  g_assert_cmpstr (mc_intake_form_get_text (fx->form, MC_FORM_FIELD_PROCEDURE), ==, "HT-KH");
  g_assert_cmpuint (mc_intake_form_get_n_papers (fx->form), ==, mc_procedure_get_papers (marriage)->len);
  g_assert_false (mc_intake_form_get_paper (fx->form, 0)->checked);

  mc_intake_form_set_procedure (fx->form, NULL);
  g_assert_cmpuint (mc_intake_form_get_n_papers (fx->form), ==, 0);
  g_assert_null (mc_intake_form_get_procedure_name (fx->form));
  assert_field (fx->form, MC_FORM_FIELD_PROCEDURE, "Procedure:", NULL);
}

static void
test_full_name (Fixture       *fx,
                gconstpointer  data)
{
  assert_field (fx->form, MC_FORM_FIELD_FULL_NAME, "Full name:", "required");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_FULL_NAME, "   ");
  assert_field (fx->form, MC_FORM_FIELD_FULL_NAME, "Full name:", "required");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_FULL_NAME, "Nguyễn Văn 2");
  assert_field (fx->form, MC_FORM_FIELD_FULL_NAME, "Full name:", "“2”");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_FULL_NAME, "Đặng Thị Ánh");
  assert_field (fx->form, MC_FORM_FIELD_FULL_NAME, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_FULL_NAME, "H'Hen Niê");
  assert_field (fx->form, MC_FORM_FIELD_FULL_NAME, NULL, NULL);
}

static void
test_date_of_birth (Fixture       *fx,
                    gconstpointer  data)
{
  assert_field (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "Date of birth:", "dd/mm/yyyy");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "2/3/85");
  assert_field (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "Date of birth:", "dd/mm/yyyy");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "31/02/1990");
  assert_field (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "Date of birth:", "31/02/1990 is not a real date");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "00/01/1990");
  assert_field (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "Date of birth:", "not a real date");
  /* "Today" is the pinned one: the day after is in the future. */
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "25/11/2025");
  assert_field (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "Date of birth:", "after today");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "24/11/2025");
  assert_field (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "01/01/1890");
  assert_field (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "Date of birth:", "130 years");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "02/03/1985");
  assert_field (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "1985-03-02");
  assert_field (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, NULL, NULL);
}

static void
test_id_number (Fixture       *fx,
                gconstpointer  data)
{
  g_assert_cmpint (mc_intake_form_get_id_kind (fx->form), ==, MC_ID_KIND_CCCD);
  assert_field (fx->form, MC_FORM_FIELD_ID_NUMBER, "CCCD number:", "required");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_ID_NUMBER, "00108501234");
  assert_field (fx->form, MC_FORM_FIELD_ID_NUMBER, "CCCD number:", "12 digits");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_ID_NUMBER, "001 085 012345");
  assert_field (fx->form, MC_FORM_FIELD_ID_NUMBER, NULL, NULL);

  /* Checked against the date of birth once that one is right… */
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "02/03/1990");
  assert_field (fx->form, MC_FORM_FIELD_ID_NUMBER, "CCCD number:", "02/03/1990");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "02/03/1985");
  assert_field (fx->form, MC_FORM_FIELD_ID_NUMBER, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_DATE_OF_BIRTH, "02/03/2085");
  assert_field (fx->form, MC_FORM_FIELD_ID_NUMBER, NULL, NULL);   /* …not while it is wrong */

  mc_intake_form_set_id_kind (fx->form, MC_ID_KIND_CMND);
  assert_field (fx->form, MC_FORM_FIELD_ID_NUMBER, "CMND number:", NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_ID_NUMBER, "123456789");
  assert_field (fx->form, MC_FORM_FIELD_ID_NUMBER, NULL, NULL);

  mc_intake_form_set_id_kind (fx->form, MC_ID_KIND_PASSPORT);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_ID_NUMBER, "C-1234567");
  assert_field (fx->form, MC_FORM_FIELD_ID_NUMBER, "Passport number:", "letters");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_ID_NUMBER, "c1234567");
  assert_field (fx->form, MC_FORM_FIELD_ID_NUMBER, NULL, NULL);
  assert_field (fx->form, MC_FORM_FIELD_ID_KIND, NULL, NULL);
}

static void
test_phone_email_address (Fixture       *fx,
                          gconstpointer  data)
{
  /* Phone and email may stay empty; the address may not. */
  assert_field (fx->form, MC_FORM_FIELD_PHONE, NULL, NULL);
  assert_field (fx->form, MC_FORM_FIELD_EMAIL, NULL, NULL);
  assert_field (fx->form, MC_FORM_FIELD_ADDRESS, "Address:", "required");

  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_PHONE, "  ");
  assert_field (fx->form, MC_FORM_FIELD_PHONE, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_PHONE, "091234567");
  assert_field (fx->form, MC_FORM_FIELD_PHONE, "Phone number:", "10 digits");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_PHONE, "0912 345 abc");
  assert_field (fx->form, MC_FORM_FIELD_PHONE, "Phone number:", "“a”");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_PHONE, "+84 912 345 678");
  assert_field (fx->form, MC_FORM_FIELD_PHONE, NULL, NULL);

  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_EMAIL, "an@example");
  assert_field (fx->form, MC_FORM_FIELD_EMAIL, "Email address:", "domain");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_EMAIL, "an.nguyen@example.vn ");
  assert_field (fx->form, MC_FORM_FIELD_EMAIL, NULL, NULL);

  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_ADDRESS, " \t ");
  assert_field (fx->form, MC_FORM_FIELD_ADDRESS, "Address:", "required");
  {
    g_autofree char *long_address = g_strnfill (301, 'a');

    mc_intake_form_set_text (fx->form, MC_FORM_FIELD_ADDRESS, long_address);
    assert_field (fx->form, MC_FORM_FIELD_ADDRESS, "Address:", "too long");
  }
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_ADDRESS, "Thôn 3, xã Tân Lập");
  assert_field (fx->form, MC_FORM_FIELD_ADDRESS, NULL, NULL);
}

static void
test_papers_sets_notes (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *long_notes = g_strnfill (2001, 'x');

  mc_intake_form_set_procedure (fx->form, mc_catalog_lookup (fx->catalog, "HT-KS"));
  assert_field (fx->form, MC_FORM_FIELD_PAPERS, NULL, NULL);
  mc_intake_form_set_paper_copies (fx->form, 1, 0);
  assert_field (fx->form, MC_FORM_FIELD_PAPERS, NULL, NULL);  /* not ticked: not counted */
  mc_intake_form_set_paper_checked (fx->form, 1, TRUE);
  assert_field (fx->form, MC_FORM_FIELD_PAPERS, "Papers received:", "Giấy chứng sinh");
  mc_intake_form_set_paper_copies (fx->form, 1, 2);
  mc_intake_form_set_paper_form (fx->form, 1, MC_PAPER_FORM_CERTIFIED_COPY);
  assert_field (fx->form, MC_FORM_FIELD_PAPERS, NULL, NULL);
  g_assert_cmpuint (mc_intake_form_get_paper (fx->form, 1)->copies, ==, 2);
  g_assert_cmpint (mc_intake_form_get_paper (fx->form, 1)->form, ==, MC_PAPER_FORM_CERTIFIED_COPY);

  g_assert_cmpuint (mc_intake_form_get_sets (fx->form), ==, 1);
  assert_field (fx->form, MC_FORM_FIELD_SETS, NULL, NULL);
  mc_intake_form_set_sets (fx->form, 0);
  assert_field (fx->form, MC_FORM_FIELD_SETS, "Sets:", NULL);
  mc_intake_form_set_sets (fx->form, 100);
  assert_field (fx->form, MC_FORM_FIELD_SETS, "Sets:", "99");
  mc_intake_form_set_sets (fx->form, 2);
  assert_field (fx->form, MC_FORM_FIELD_SETS, NULL, NULL);

  assert_field (fx->form, MC_FORM_FIELD_NOTES, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_NOTES, long_notes);
  assert_field (fx->form, MC_FORM_FIELD_NOTES, "Notes:", "too long");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_NOTES, "Công dân hẹn bổ sung bản chính");
  assert_field (fx->form, MC_FORM_FIELD_NOTES, NULL, NULL);
}

static void
test_received_earlier (Fixture       *fx,
                       gconstpointer  data)
{
  /* Off: whatever is in the fields is not checked. */
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_TIME, "junk");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_DATE, NULL, NULL);
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_TIME, NULL, NULL);
  assert_field (fx->form, MC_FORM_FIELD_BACKDATE_REASON, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_TIME, "");

  /* On: starts from now, and a reason is needed. */
  mc_intake_form_set_received_earlier (fx->form, TRUE);
  g_assert_true (mc_intake_form_get_received_earlier (fx->form));
  g_assert_cmpstr (mc_intake_form_get_text (fx->form, MC_FORM_FIELD_RECEIVED_DATE), ==, "24/11/2025");
  g_assert_cmpstr (mc_intake_form_get_text (fx->form, MC_FORM_FIELD_RECEIVED_TIME), ==, "10:00");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_DATE, NULL, NULL);
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_TIME, NULL, NULL);
  assert_field (fx->form, MC_FORM_FIELD_BACKDATE_REASON, "Reason:", "power cut");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_BACKDATE_REASON, "Mất điện buổi sáng");
  assert_field (fx->form, MC_FORM_FIELD_BACKDATE_REASON, NULL, NULL);

  /* Later today than now. */
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_TIME, "10:01");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_TIME, "Received time:", "10:01");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_TIME, "7h30");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_TIME, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_TIME, "7:3");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_TIME, "Received time:", "hh:mm");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_TIME, "");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_TIME, "Received time:", "required");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_TIME, "16:45");

  /* Any time on an earlier day, back to the limit. */
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "21/11/2025");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_DATE, NULL, NULL);
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_TIME, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "25/10/2025");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_DATE, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "24/10/2025");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "Received date:", "30 days");
  /* A wrong date is told once, on the date. */
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_TIME, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "25/11/2025");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "Received date:", "after today");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "30/02/2025");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "Received date:", "not a real date");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "");
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "Received date:", "required");

  /* Turning it off again keeps the text (drafts) but no longer checks it. */
  mc_intake_form_set_received_earlier (fx->form, FALSE);
  assert_field (fx->form, MC_FORM_FIELD_RECEIVED_DATE, NULL, NULL);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "20/11/2025");
  mc_intake_form_set_received_earlier (fx->form, TRUE);
  g_assert_cmpstr (mc_intake_form_get_text (fx->form, MC_FORM_FIELD_RECEIVED_DATE), ==, "20/11/2025");
  g_assert_cmpstr (mc_intake_form_get_text (fx->form, MC_FORM_FIELD_RECEIVED_TIME), ==, "16:45");
}

/* ---- the form as a whole ---------------------------------------------- */

static void
test_valid_and_empty (Fixture       *fx,
                      gconstpointer  data)
{
  g_assert_true (mc_intake_form_is_empty (fx->form));
  g_assert_false (mc_intake_form_is_valid (fx->form));
  g_assert_cmpint (mc_intake_form_get_first_invalid (fx->form), ==, MC_FORM_FIELD_PROCEDURE);

  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_NOTES, "x");
  g_assert_false (mc_intake_form_is_empty (fx->form));
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_NOTES, "");
  g_assert_true (mc_intake_form_is_empty (fx->form));

  fill_valid (fx);
  g_assert_false (mc_intake_form_is_empty (fx->form));
  g_assert_true (mc_intake_form_is_valid (fx->form));
  g_assert_cmpint (mc_intake_form_get_first_invalid (fx->form), ==, -1);

  /* Reading order: the first wrong field is reported. */
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_ADDRESS, "");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_PHONE, "12");
  g_assert_cmpint (mc_intake_form_get_first_invalid (fx->form), ==, MC_FORM_FIELD_PHONE);
  g_assert_false (mc_intake_form_is_valid (fx->form));
}

static void
test_changed_signal (Fixture       *fx,
                     gconstpointer  data)
{
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_FULL_NAME, "An");
  g_assert_cmpuint (fx->n_changed, ==, 1);
  g_assert_cmpint (fx->last_changed, ==, MC_FORM_FIELD_FULL_NAME);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_FULL_NAME, "An");
  g_assert_cmpuint (fx->n_changed, ==, 1);

  mc_intake_form_set_id_kind (fx->form, MC_ID_KIND_PASSPORT);
  g_assert_cmpint (fx->last_changed, ==, MC_FORM_FIELD_ID_KIND);
  mc_intake_form_set_sets (fx->form, 3);
  g_assert_cmpint (fx->last_changed, ==, MC_FORM_FIELD_SETS);
  mc_intake_form_set_procedure (fx->form, mc_catalog_lookup (fx->catalog, "CT-BS"));
  g_assert_cmpint (fx->last_changed, ==, MC_FORM_FIELD_PAPERS);
  fx->n_changed = 0;
  mc_intake_form_set_paper_checked (fx->form, 0, TRUE);
  mc_intake_form_set_paper_checked (fx->form, 0, TRUE);
  g_assert_cmpuint (fx->n_changed, ==, 1);
  g_assert_cmpint (fx->last_changed, ==, MC_FORM_FIELD_PAPERS);
  mc_intake_form_set_received_earlier (fx->form, TRUE);
  g_assert_cmpint (fx->last_changed, ==, MC_FORM_FIELD_RECEIVED_EARLIER);
}

static void
test_to_dossier (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expected = NULL;
  McPaper *paper;

  /* Not while something is wrong; the error says what. */
  d = mc_intake_form_to_dossier (fx->form, &error);
  g_assert_null (d);
  g_assert_error (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, "Procedure:"));
  g_clear_error (&error);

  fill_valid (fx);
  mc_intake_form_set_paper_checked (fx->form, 0, TRUE);
  mc_intake_form_set_paper_checked (fx->form, 2, TRUE);
  mc_intake_form_set_paper_form (fx->form, 2, MC_PAPER_FORM_CERTIFIED_COPY);
  mc_intake_form_set_paper_copies (fx->form, 2, 2);
  mc_intake_form_set_sets (fx->form, 2);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_NOTES, "  Hẹn trả tại nhà  ");

  d = mc_intake_form_to_dossier (fx->form, &error);
  g_assert_no_error (error);
  g_assert_nonnull (d);
  g_assert_null (mc_dossier_get_code (d));
  g_assert_cmpstr (mc_dossier_get_procedure_code (d), ==, "HT-KS");
  g_assert_cmpstr (mc_dossier_get_applicant_name (d), ==, "Nguyễn Văn An");
  g_assert_cmpint (mc_dossier_get_id_kind (d), ==, MC_ID_KIND_CCCD);
  g_assert_cmpstr (mc_dossier_get_date_of_birth (d), ==, "1985-03-02");
  g_assert_cmpstr (mc_dossier_get_address (d), ==, "Thôn 3, xã Tân Lập");
  g_assert_null (mc_dossier_get_phone (d));
  g_assert_null (mc_dossier_get_email (d));
  g_assert_cmpstr (mc_dossier_get_notes (d), ==, "Hẹn trả tại nhà");
  g_assert_cmpuint (mc_dossier_get_sets (d), ==, 2);
  /* Not backdated: the store stamps the time of saving. */
  g_assert_null (mc_dossier_get_received_at (d));
  g_assert_null (mc_dossier_get_backdate_reason (d));

  /* Only the ticked papers, with their form and copies. */
  g_assert_cmpuint (mc_dossier_get_papers (d)->len, ==, 2);
  paper = g_ptr_array_index (mc_dossier_get_papers (d), 0);
  g_assert_cmpstr (paper->name, ==, mc_intake_form_get_paper (fx->form, 0)->name);
  g_assert_cmpint (paper->form, ==, MC_PAPER_FORM_ORIGINAL);
  g_assert_cmpuint (paper->copies, ==, 1);
  paper = g_ptr_array_index (mc_dossier_get_papers (d), 1);
  g_assert_cmpstr (paper->name, ==, mc_intake_form_get_paper (fx->form, 2)->name);
  g_assert_cmpint (paper->form, ==, MC_PAPER_FORM_CERTIFIED_COPY);
  g_assert_cmpuint (paper->copies, ==, 2);

  /* What the form lets through, the core takes. */
  g_assert_true (mc_intake_validate (d, fx->catalog, fx->now, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mc_dossier_get_id_number (d), ==, "001085012345");
  g_assert_cmpstr (mc_dossier_get_procedure_name (d), ==, "Đăng ký khai sinh");
  g_clear_object (&d);

  /* Optional fields when given, and a backdated receipt. */
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_PHONE, "0912.345.678");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_EMAIL, " an@example.vn ");
  mc_intake_form_set_received_earlier (fx->form, TRUE);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_DATE, "21/11/2025");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_RECEIVED_TIME, "8h30");
  g_assert_null (mc_intake_form_to_dossier (fx->form, &error));
  g_assert_true (g_str_has_prefix (error->message, "Reason:"));
  g_clear_error (&error);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_BACKDATE_REASON, " Mất   điện ");

  d = mc_intake_form_to_dossier (fx->form, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_dossier_get_phone (d), ==, "0912.345.678");
  g_assert_cmpstr (mc_dossier_get_email (d), ==, "an@example.vn");
  g_assert_cmpstr (mc_dossier_get_backdate_reason (d), ==, "Mất điện");
  expected = g_date_time_new_from_iso8601 ("2025-11-21T08:30:00+07:00", NULL);
  g_assert_nonnull (mc_dossier_get_received_at (d));
  g_assert_true (g_date_time_equal (mc_dossier_get_received_at (d), expected));
  g_assert_true (mc_intake_validate (d, fx->catalog, fx->now, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mc_dossier_get_phone (d), ==, "0912345678");
}

/* ---- drafts ----------------------------------------------------------- */

static void
assert_same_form (McIntakeForm *a,
                  McIntakeForm *b)
{
  g_assert_cmpstr (mc_intake_form_get_uuid (a), ==, mc_intake_form_get_uuid (b));
  for (guint i = 0; i < MC_FORM_N_FIELDS; i++)
    if (i != MC_FORM_FIELD_ID_KIND && i != MC_FORM_FIELD_PAPERS && i != MC_FORM_FIELD_SETS &&
        i != MC_FORM_FIELD_RECEIVED_EARLIER)
      g_assert_cmpstr (mc_intake_form_get_text (a, i), ==, mc_intake_form_get_text (b, i));
  g_assert_cmpstr (mc_intake_form_get_procedure_name (a), ==, mc_intake_form_get_procedure_name (b));
  g_assert_cmpint (mc_intake_form_get_id_kind (a), ==, mc_intake_form_get_id_kind (b));
  g_assert_cmpuint (mc_intake_form_get_sets (a), ==, mc_intake_form_get_sets (b));
  g_assert_cmpint (mc_intake_form_get_received_earlier (a), ==, mc_intake_form_get_received_earlier (b));
  g_assert_cmpuint (mc_intake_form_get_n_papers (a), ==, mc_intake_form_get_n_papers (b));
  for (guint i = 0; i < mc_intake_form_get_n_papers (a); i++)
    {
      const McFormPaper *pa = mc_intake_form_get_paper (a, i);
      const McFormPaper *pb = mc_intake_form_get_paper (b, i);

      g_assert_cmpstr (pa->name, ==, pb->name);
      g_assert_cmpstr (pa->note, ==, pb->note);
      g_assert_cmpint (pa->required, ==, pb->required);
      g_assert_cmpint (pa->checked, ==, pb->checked);
      g_assert_cmpint (pa->form, ==, pb->form);
      g_assert_cmpuint (pa->copies, ==, pb->copies);
    }
}

static void
test_draft_round_trip (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(McIntakeForm) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;

  g_assert_true (g_uuid_string_is_valid (mc_intake_form_get_uuid (fx->form)));

  /* Half-typed, wrong values included: a draft keeps what was typed. */
  fill_valid (fx);
  mc_intake_form_set_id_kind (fx->form, MC_ID_KIND_PASSPORT);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_PHONE, "0912 34");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_EMAIL, "an@\"quoted\"\n");
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_NOTES, "Dòng 1\nDòng 2 — “ngoặc”");
  mc_intake_form_set_paper_checked (fx->form, 1, TRUE);
  mc_intake_form_set_paper_form (fx->form, 1, MC_PAPER_FORM_COPY);
  mc_intake_form_set_paper_copies (fx->form, 1, 3);
  mc_intake_form_set_sets (fx->form, 4);
  mc_intake_form_set_received_earlier (fx->form, TRUE);
  mc_intake_form_set_text (fx->form, MC_FORM_FIELD_BACKDATE_REASON, "Mất mạng");

  json = mc_intake_form_to_json (fx->form);
  copy = mc_intake_form_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  assert_same_form (fx->form, copy);

  json_again = mc_intake_form_to_json (copy);
  g_assert_cmpstr (json, ==, json_again);

  /* A draft read back is written again under the key it was stored with. */
  mc_intake_form_set_uuid (copy, "0b7c9a3e-2f4d-4c1b-9e8a-5d6f7a8b9c0d");
  g_clear_pointer (&json_again, g_free);
  json_again = mc_intake_form_to_json (copy);
  g_clear_object (&copy);
  copy = mc_intake_form_new_from_json (json_again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_intake_form_get_uuid (copy), ==, "0b7c9a3e-2f4d-4c1b-9e8a-5d6f7a8b9c0d");

  /* An empty form too. */
  g_clear_object (&copy);
  g_clear_pointer (&json, g_free);
  g_clear_object (&fx->form);
  fx->form = mc_intake_form_new ();
  json = mc_intake_form_to_json (fx->form);
  copy = mc_intake_form_new_from_json (json, &error);
  g_assert_no_error (error);
  assert_same_form (fx->form, copy);
  g_assert_true (mc_intake_form_is_empty (copy));
}

static void
test_draft_damaged (void)
{
  g_autoptr(McIntakeForm) form = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (mc_intake_form_new_from_json ("not json", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (mc_intake_form_new_from_json ("[1, 2]", &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Members of the wrong type or value fall back; the rest is kept. */
  form = mc_intake_form_new_from_json ("{\"uuid\": \"nope\", \"full_name\": 5, \"sets\": \"x\","
                                       " \"id_kind\": \"visa\", \"address\": \"Thôn 3\","
                                       " \"papers\": [{\"name\": \"Tờ khai\", \"copies\": 500,"
                                       " \"form\": \"scroll\", \"checked\": true}, 7, {\"copies\": 1}]}",
                                       &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (mc_intake_form_get_uuid (form)));
  g_assert_cmpstr (mc_intake_form_get_text (form, MC_FORM_FIELD_FULL_NAME), ==, "");
  g_assert_cmpstr (mc_intake_form_get_text (form, MC_FORM_FIELD_ADDRESS), ==, "Thôn 3");
  g_assert_cmpuint (mc_intake_form_get_sets (form), ==, 1);
  g_assert_cmpint (mc_intake_form_get_id_kind (form), ==, MC_ID_KIND_CCCD);
  g_assert_cmpuint (mc_intake_form_get_n_papers (form), ==, 1);
  g_assert_cmpstr (mc_intake_form_get_paper (form, 0)->name, ==, "Tờ khai");
  g_assert_cmpuint (mc_intake_form_get_paper (form, 0)->copies, ==, MC_INTAKE_FORM_MAX_COPIES);
  g_assert_cmpint (mc_intake_form_get_paper (form, 0)->form, ==, MC_PAPER_FORM_ORIGINAL);
  g_assert_true (mc_intake_form_get_paper (form, 0)->checked);
}

/* Fees: the catalog's as defaults, typed amounts, an exemption that needs
 * its reason, and what reaches the dossier. */
static void
test_fees (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *fees;

  fill_valid (fx);
  mc_intake_form_set_procedure (fx->form, mc_catalog_lookup (fx->catalog, "CT-HD"));
  g_assert_cmpuint (mc_intake_form_get_n_fees (fx->form), ==, 2);
  g_assert_cmpstr (mc_intake_form_get_fee (fx->form, 0)->amount, ==, "50000");
  g_assert_cmpstr (mc_intake_form_get_fee (fx->form, 1)->amount, ==, "");
  assert_field (fx->form, MC_FORM_FIELD_PAPERS, NULL, NULL);

  fx->n_changed = 0;
  mc_intake_form_set_fee_amount (fx->form, 1, "25.000 đồng");
  g_assert_cmpint (fx->last_changed, ==, MC_FORM_FIELD_PAPERS);
  mc_intake_form_set_fee_amount (fx->form, 0, "năm chục");
  assert_field (fx->form, MC_FORM_FIELD_PAPERS, "Fees:", "Phí chứng thực hợp đồng, giao dịch");
  mc_intake_form_set_fee_amount (fx->form, 0, "1000000001");
  assert_field (fx->form, MC_FORM_FIELD_PAPERS, "Fees:", NULL);
  mc_intake_form_set_fee_amount (fx->form, 0, "50000");
  mc_intake_form_set_fee_exempt (fx->form, 0, TRUE);
  assert_field (fx->form, MC_FORM_FIELD_PAPERS, "Fees:", "exempt");
  g_assert_null (mc_intake_form_to_dossier (fx->form, &error));
  g_clear_error (&error);
  mc_intake_form_set_fee_reason (fx->form, 0, "  Người có công  ");
  assert_field (fx->form, MC_FORM_FIELD_PAPERS, NULL, NULL);

  d = mc_intake_form_to_dossier (fx->form, &error);
  g_assert_no_error (error);
  fees = mc_dossier_get_fees (d);
  g_assert_cmpuint (fees->len, ==, 2);
  g_assert_true (((McFee *) fees->pdata[0])->exempt);
  g_assert_cmpint (((McFee *) fees->pdata[0])->amount, ==, 0);
  g_assert_cmpstr (((McFee *) fees->pdata[0])->reason, ==, "Người có công");
  g_assert_cmpint (((McFee *) fees->pdata[1])->amount, ==, 25000);

  /* Another procedure: its own fees; an empty line is not collected. */
  mc_intake_form_set_procedure (fx->form, mc_catalog_lookup (fx->catalog, "CT-CK"));
  g_assert_cmpuint (mc_intake_form_get_n_fees (fx->form), ==, 1);
  mc_intake_form_set_fee_amount (fx->form, 0, " ");
  g_clear_object (&d);
  d = mc_intake_form_to_dossier (fx->form, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_dossier_get_fees (d)->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/intake-form/parse/date", test_parse_date);
  ADD ("/intake-form/fees", test_fees);
  g_test_add_func ("/intake-form/parse/time", test_parse_time);
  ADD ("/intake-form/field/procedure", test_procedure);
  ADD ("/intake-form/field/full-name", test_full_name);
  ADD ("/intake-form/field/date-of-birth", test_date_of_birth);
  ADD ("/intake-form/field/id-number", test_id_number);
  ADD ("/intake-form/field/phone-email-address", test_phone_email_address);
  ADD ("/intake-form/field/papers-sets-notes", test_papers_sets_notes);
  ADD ("/intake-form/field/received-earlier", test_received_earlier);
  ADD ("/intake-form/form/valid-and-empty", test_valid_and_empty);
  ADD ("/intake-form/form/changed", test_changed_signal);
  ADD ("/intake-form/form/to-dossier", test_to_dossier);
  ADD ("/intake-form/draft/round-trip", test_draft_round_trip);
  g_test_add_func ("/intake-form/draft/damaged", test_draft_damaged);

#undef ADD

  return g_test_run ();
}
