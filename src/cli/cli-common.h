/* cli-common.h — what the `motcua` commands share */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

/* The layers every command uses; the commands of motcua-paper include
 * forms and scan themselves (motcua does not link them: cli-paper.c). */
#include "mc-core-env.h"
#include "mc-calendar.h"
#include "mc-calendar-edits.h"
#include "mc-canon.h"
#include "mc-catalog.h"
#include "mc-clerks.h"
#include "mc-codes.h"
#include "mc-dossier.h"
#include "mc-fees.h"
#include "mc-id-card.h"
#include "mc-json.h"
#include "mc-limits.h"
#include "mc-lunar.h"
#include "mc-text.h"
#include "mc-validate.h"
#include "mc-attachments.h"
#include "mc-blobs.h"
#include "mc-intake.h"
#include "mc-store.h"
#include "mc-store-outbox.h"

G_BEGIN_DECLS

/* Exit codes of the command-line contract (sysexits.h values). */
enum
{
  MC_EXIT_OK = 0,
  MC_EXIT_FAILURE = 1,
  MC_EXIT_USAGE = 2,
  MC_EXIT_DATAERR = 65,
  MC_EXIT_IOERR = 74,
  MC_EXIT_TEMPFAIL = 75,   /* `motcua sync`: dossiers remain (server unreachable or busy) */
  MC_EXIT_NOPERM = 77,     /* `motcua sync`: the station is blocked (token, certificate, version) */
  MC_EXIT_CONFIG = 78,     /* `motcua sync`: not enrolled */
};

typedef int (*McCliCommand) (int argc, char **argv);

/* Parses @argv with @entries plus --data-dir; on a usage error prints it
 * and returns FALSE. @parameter is the usage line after the command. */
gboolean    mc_cli_parse         (int             *argc,
                                  char          ***argv,
                                  const char      *command,
                                  const char      *parameter,
                                  const char      *summary,
                                  const GOptionEntry *entries);

/* The --data-dir given (resolved with MOTCUA_DATA_DIR and the XDG default). */
char       *mc_cli_data_dir      (void);

/* Exit codes of the error domains of a program's own layers (motcua-paper:
 * scan), -1 for a domain it does not know. */
typedef int (*McCliExitCode) (GError *error);
void        mc_cli_set_exit_codes (McCliExitCode exit_code);

/* Prints the error as "motcua: message" and returns its exit code. */
int         mc_cli_fail          (const char *command,
                                  GError     *error);
int         mc_cli_usage         (const char *command,
                                  const char *message);

/* Opens the store of the data dir, or prints why not. */
McStore    *mc_cli_open_store    (const char *command,
                                  int        *exit_code);

/* Writes @node as pretty JSON with a final newline on stdout. */
void        mc_cli_print_json    (JsonNode   *node);

int         mc_cli_init          (int argc, char **argv);
int         mc_cli_catalog       (int argc, char **argv);
int         mc_cli_calendar      (int argc, char **argv);
int         mc_cli_intake        (int argc, char **argv);
int         mc_cli_list          (int argc, char **argv);
int         mc_cli_show          (int argc, char **argv);
int         mc_cli_receipt       (int argc, char **argv);
int         mc_cli_form          (int argc, char **argv);
int         mc_cli_ledger        (int argc, char **argv);
int         mc_cli_action        (int argc, char **argv);
int         mc_cli_attach        (int argc, char **argv);
int         mc_cli_scan          (int argc, char **argv);
int         mc_cli_enrol         (int argc, char **argv);
int         mc_cli_sync          (int argc, char **argv);
int         mc_cli_outbox        (int argc, char **argv);
int         mc_cli_requeue       (int argc, char **argv);
int         mc_cli_upload_file   (int argc, char **argv);
int         mc_cli_id_card       (int argc, char **argv);
int         mc_cli_clerk         (int argc, char **argv);

G_END_DECLS
