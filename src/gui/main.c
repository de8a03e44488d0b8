/* main.c — MotCua Desk */
#include "config.h"

#include "mc-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(McApplication) app = NULL;

  mc_core_init_i18n ();
  app = mc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
