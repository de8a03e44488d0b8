/* test-intake-id-card.c — a card's QR line found in a field's text, the form filled and put back, without a display */
#include "config.h"

#include <string.h>

#include "mc-intake-form-id-card.h"

#define ANH  "001185012345|012345678|Đặng Thị Ánh|02031985|Nữ|Thôn 3, xã Tân Lập, Hà Nội|10052021"

/* @text → (kept, payload, complete); @kept NULL: no line found. */
static void
assert_split (const char *text,
              const char *kept,
              const char *payload,
              gboolean    complete)
{
  g_autofree char *got_kept = NULL;
  g_autofree char *got_payload = NULL;
  gboolean got_complete = !complete;
  gboolean found = mc_intake_split_id_card_text (text, &got_kept, &got_payload, &got_complete);

  if (kept == NULL)
    {
      g_assert_false (found);
      g_assert_null (got_kept);
      return;
    }
  g_assert_true (found);
  g_assert_cmpstr (got_kept, ==, kept);
  g_assert_cmpstr (got_payload, ==, payload);
  g_assert_cmpint (got_complete, ==, complete);
}

static void
test_split (void)
{
  /* No "|": a field as the clerk types it. */
  assert_split ("", NULL, NULL, FALSE);
  assert_split ("Nguyễn Văn An", NULL, NULL, FALSE);
  assert_split ("001185012345", NULL, NULL, FALSE);

  /* Into an empty field, whole. */
  assert_split (ANH, "", ANH, TRUE);
  /* Typed after what the field held, even digits (a phone number). */
  assert_split ("Nguyễn Văn An" ANH, "Nguyễn Văn An", ANH, TRUE);
  assert_split ("0912345678" ANH, "0912345678", ANH, TRUE);
  /* Typed at the cursor in the middle: the rest of the field comes back too. */
  assert_split ("Thôn " ANH "3", "Thôn 3", ANH, TRUE);
  /* Still being typed. */
  assert_split ("Nguyễn001185012345|0123", "Nguyễn", "001185012345|0123", FALSE);
  assert_split ("001185012345|012345678|Đặng Thị Ánh|02031985|Nữ|Thôn 3|1005",
                "", "001185012345|012345678|Đặng Thị Ánh|02031985|Nữ|Thôn 3|1005", FALSE);
  /* A short number: whatever digits precede the "|". */
  assert_split ("An12345|x", "An", "12345|x", FALSE);
  assert_split ("|", "", "|", FALSE);
  /* Six "|" and eight digits: complete, whatever the fields hold (the parser judges). */
  assert_split ("1|2|3|4|5|6|12345678", "", "1|2|3|4|5|6|12345678", TRUE);
}

typedef struct
{
  McIntakeForm *form;
  guint         n_changed;
} Fixture;

static void
on_changed_cb (McIntakeForm *form,
               int           field,
               Fixture      *fx)
{
  fx->n_changed++;
}

static McIdCard *
parse_ok (const char *payload)
{
  g_autoptr(GError) error = NULL;
  GDate today;
  McIdCard *card;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 7, 12, 2026);
  card = mc_id_card_parse (payload, -1, &today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (card);
  return card;
}

static void
assert_applicant (McIntakeForm *form,
                  const char   *name,
                  McIdKind      kind,
                  const char   *number,
                  const char   *dob,
                  const char   *address)
{
  g_assert_cmpstr (mc_intake_form_get_text (form, MC_FORM_FIELD_FULL_NAME), ==, name);
  g_assert_cmpint (mc_intake_form_get_id_kind (form), ==, kind);
  g_assert_cmpstr (mc_intake_form_get_text (form, MC_FORM_FIELD_ID_NUMBER), ==, number);
  g_assert_cmpstr (mc_intake_form_get_text (form, MC_FORM_FIELD_DATE_OF_BIRTH), ==, dob);
  g_assert_cmpstr (mc_intake_form_get_text (form, MC_FORM_FIELD_ADDRESS), ==, address);
}

static void
test_fill_empty (void)
{
  g_autoptr(McIntakeForm) form = mc_intake_form_new ();
  g_autoptr(McIdCard) card = parse_ok (ANH);
  g_autoptr(McFormApplicant) before = NULL;
  Fixture fx = { form, 0 };

  mc_intake_form_set_text (form, MC_FORM_FIELD_PHONE, "0912345678");
  g_signal_connect (form, "changed", G_CALLBACK (on_changed_cb), &fx);
  before = mc_intake_form_fill_from_id_card (form, card);
  assert_applicant (form, "Đặng Thị Ánh", MC_ID_KIND_CCCD, "001185012345", "02/03/1985",
                    "Thôn 3, xã Tân Lập, Hà Nội");
  g_assert_cmpuint (fx.n_changed, ==, 4);   /* the kind was CCCD already */
  /* Not the card's: untouched. */
  g_assert_cmpstr (mc_intake_form_get_text (form, MC_FORM_FIELD_PHONE), ==, "0912345678");
  /* Checked as typed ones are: nothing to fix in the applicant. */
  for (McFormField f = MC_FORM_FIELD_FULL_NAME; f <= MC_FORM_FIELD_ADDRESS; f++)
    {
      g_autofree char *message = mc_intake_form_validate_field (form, f);
      g_assert_null (message);
    }
  g_assert_false (mc_form_applicant_was_replaced (before, form));

  mc_intake_form_restore_applicant (form, before);
  assert_applicant (form, "", MC_ID_KIND_CCCD, "", "", "");
  g_assert_cmpstr (mc_intake_form_get_text (form, MC_FORM_FIELD_PHONE), ==, "0912345678");
}

static void
test_fill_replaces (void)
{
  g_autoptr(McIntakeForm) form = mc_intake_form_new ();
  g_autoptr(McIdCard) card = parse_ok (ANH);
  g_autoptr(McIdCard) same = parse_ok (ANH);
  g_autoptr(McFormApplicant) before = NULL;
  g_autoptr(McFormApplicant) again = NULL;

  mc_intake_form_set_text (form, MC_FORM_FIELD_FULL_NAME, "Trần Văn Bình");
  mc_intake_form_set_id_kind (form, MC_ID_KIND_PASSPORT);
  mc_intake_form_set_text (form, MC_FORM_FIELD_ID_NUMBER, "C1234567");
  mc_intake_form_set_text (form, MC_FORM_FIELD_ADDRESS, "Xóm 2");

  before = mc_intake_form_fill_from_id_card (form, card);
  assert_applicant (form, "Đặng Thị Ánh", MC_ID_KIND_CCCD, "001185012345", "02/03/1985",
                    "Thôn 3, xã Tân Lập, Hà Nội");
  g_assert_true (mc_form_applicant_was_replaced (before, form));

  /* The same card twice replaces nothing. */
  again = mc_intake_form_fill_from_id_card (form, same);
  g_assert_false (mc_form_applicant_was_replaced (again, form));

  mc_intake_form_restore_applicant (form, before);
  assert_applicant (form, "Trần Văn Bình", MC_ID_KIND_PASSPORT, "C1234567", "", "Xóm 2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/intake-id-card/split", test_split);
  g_test_add_func ("/intake-id-card/fill-empty", test_fill_empty);
  g_test_add_func ("/intake-id-card/fill-replaces", test_fill_replaces);
  return g_test_run ();
}
