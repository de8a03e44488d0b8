/* cli-actions.c — `motcua action CODE|UUID supplement|refuse|new-date|stop --reason TEXT`
 * and `motcua action CODE|UUID return --to NAME [--reason TEXT]` */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"

int
mc_cli_action (int    argc,
               char **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *new_date = NULL;
  g_autofree char *to = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Who received the result, for return (full name)"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (printed on the form for the citizen); required"), N_("TEXT") },
    { "new-due-date", 0, 0, G_OPTION_ARG_STRING, &new_date, N_("The new appointment date, for new-date"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) error = NULL;
  McDeskAction action;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "action", "CODE|UUID supplement|refuse|new-date|stop --reason TEXT | return --to NAME",
                     _("Record the desk's decision on a dossier, with its reason: a supplement request (form 02), "
                       "a refusal (form 03), a new appointment date with an apology (form 04), or stopping "
                       "processing. Print the form with “motcua form”. “return” records that the result of a "
                       "dossier the province finished was handed over, now, to the person named by --to."),
                     entries))
    return MC_EXIT_USAGE;
  if (argc != 3 || !mc_desk_action_from_string (argv[2], &action))
    return mc_cli_usage ("action", _("give a dossier code or UUID, then supplement, refuse, new-date, stop or return"));
  if (action == MC_DESK_ACTION_RETURN && to == NULL)
    return mc_cli_usage ("action", _("return needs --to NAME, the person who received the result"));
  if (action != MC_DESK_ACTION_RETURN && to != NULL)
    return mc_cli_usage ("action", _("--to is for return only"));
  if (reason == NULL && action != MC_DESK_ACTION_RETURN)
    return mc_cli_usage ("action", _("--reason is required"));
  if (action == MC_DESK_ACTION_NEW_DATE && new_date == NULL)
    return mc_cli_usage ("action", _("new-date needs --new-due-date YYYY-MM-DD"));

  store = mc_cli_open_store ("action", &code);
  if (store == NULL)
    return code;
  if (action == MC_DESK_ACTION_RETURN
      ? !mc_store_record_return (store, argv[1], to, reason, mc_core_get_actor (), &error)
      : !mc_store_record_desk_action (store, argv[1], action, reason, new_date, mc_core_get_actor (), &error))
    return mc_cli_fail ("action", error);

  dossier = mc_store_load_dossier (store, argv[1], &error);
  if (dossier == NULL)
    return mc_cli_fail ("action", error);
  if (action == MC_DESK_ACTION_RETURN)
    g_print ("%s  %s  %s  %s\n", mc_dossier_get_code (dossier),
             mc_dossier_state_get_label (mc_dossier_get_state (dossier)), mc_dossier_get_returned_at (dossier),
             mc_dossier_get_returned_to (dossier));
  else
    g_print ("%s  %s  %s\n", mc_dossier_get_code (dossier), mc_dossier_state_get_label (mc_dossier_get_state (dossier)),
             mc_dossier_get_due_date (dossier));
  return MC_EXIT_OK;
}
