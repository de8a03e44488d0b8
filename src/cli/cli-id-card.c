/* cli-id-card.c — `motcua id-card PAYLOAD [--json]`: the chip ID card's QR text */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "cli-common.h"
#include "mc-scan.h"
#include "mc-scan-qr.h"

/* The QR text from standard input: a reader typing into a pipe, or a
 * script that keeps the citizen's data out of the process list (argv is
 * visible to every user of the PC). One byte past the parser's cap is
 * enough for it to refuse an overlong text. */
static char *
read_stdin (gsize   *length,
            GError **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
  char *buf = g_malloc (MC_ID_CARD_MAX_BYTES + 2);

  if (!g_input_stream_read_all (in, buf, MC_ID_CARD_MAX_BYTES + 1, length, NULL, error))
    {
      g_free (buf);
      return NULL;
    }
  buf[*length] = '\0';
  return buf;
}

static char *
format_iso (const GDate *date)
{
  char buf[16];

  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

static void
print_card_json (const McIdCard *card)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dob = format_iso (&card->date_of_birth);
  g_autofree char *issued = format_iso (&card->issue_date);

  json_builder_begin_object (b);
  mc_json_add_string_or_null (b, "id_number", card->id_number);
  mc_json_add_string_or_null (b, "old_id_number", card->old_id_number);
  mc_json_add_string_or_null (b, "full_name", card->full_name);
  mc_json_add_string_or_null (b, "date_of_birth", dob);
  mc_json_add_string_or_null (b, "gender", mc_gender_to_string (card->gender));
  mc_json_add_string_or_null (b, "address", card->address);
  mc_json_add_string_or_null (b, "issue_date", issued);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  mc_cli_print_json (root);
}

static void
print_card_text (const McIdCard *card)
{
  g_autofree char *dob = format_iso (&card->date_of_birth);
  g_autofree char *issued = format_iso (&card->issue_date);

  g_print ("%s: %s\n", _("ID number"), card->id_number);
  g_print ("%s: %s\n", _("Old ID number"), card->old_id_number != NULL ? card->old_id_number : "—");
  g_print ("%s: %s\n", _("Full name"), card->full_name);
  g_print ("%s: %s\n", _("Date of birth"), dob);
  g_print ("%s: %s\n", _("Gender"), card->gender == MC_GENDER_FEMALE ? "Nữ" : "Nam");
  g_print ("%s: %s\n", _("Address"), card->address);
  g_print ("%s: %s\n", _("Issue date"), issued);
}

int
mc_cli_id_card (int    argc,
                char **argv)
{
  gboolean as_json = FALSE;
  g_autofree char *image = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { "image", 0, 0, G_OPTION_ARG_FILENAME, &image, N_("Read the QR code from an image file (PNG, JPEG…) instead"), N_("FILE") },
    { NULL }
  };
  g_autoptr(McIdCard) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *decoded = NULL;
  const char *payload;
  gsize length = 0;
  gssize length_arg = -1;

  if (!mc_cli_parse (&argc, &argv, "id-card", "PAYLOAD | - | --image FILE",
                     _("Read the text of the QR code on a chip ID card (CCCD, thẻ Căn cước) and check it "
                       "as intake does: number, old number, name, date of birth, gender, address, issue date. "
                       "“-” reads the text from standard input."),
                     entries))
    return MC_EXIT_USAGE;

  if (image != NULL ? argc != 1 : argc != 2)
    return mc_cli_usage ("id-card", _("give the QR text as one argument (quote it), or --image FILE"));

  if (image != NULL)
    {
      decoded = mc_scan_decode_qr_file (image, &length, &error);
      if (decoded == NULL)
        return mc_cli_fail ("id-card", error);
      payload = decoded;
      length_arg = (gssize) length;
    }
  else if (g_str_equal (argv[1], "-"))
    {
      decoded = read_stdin (&length, &error);
      if (decoded == NULL)
        return mc_cli_fail ("id-card", error);
      payload = decoded;
      length_arg = (gssize) length;
    }
  else
    payload = argv[1];

  card = mc_id_card_parse (payload, length_arg, NULL, &error);
  if (card == NULL)
    return mc_cli_fail ("id-card", error);

  if (as_json)
    print_card_json (card);
  else
    print_card_text (card);
  return MC_EXIT_OK;
}
