/* mc-intake-page-fees.c — the intake page's fees section (lệ phí, phí)
 *
 * A group under the papers: one entry per fee the catalog lists, holding
 * the amount in đồng (the catalog's by default), a "Miễn" check that asks
 * for the reason, and the total. The form (mc-intake-form-fees.c) checks
 * them; their message shows with the papers'.
 */
#define G_LOG_DOMAIN "motcua-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-intake-form-fees.h"
#include "mc-intake-page-private.h"

#define GROUP_KEY "mc-fees-group"
#define ROWS_KEY  "mc-fees-rows"
#define TOTAL_KEY "mc-fees-total"

static guint
fee_index (gpointer widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "mc-fee-index"));
}

static void
update_total (McIntakePage *self)
{
  GtkLabel *total = g_object_get_data (G_OBJECT (self), TOTAL_KEY);
  g_autoptr(GPtrArray) fees = NULL;
  g_autofree char *text = NULL;

  if (total == NULL)
    return;
  fees = mc_intake_form_build_fees (self->form);
  text = fees != NULL ? mc_fees_format_total (fees) : NULL;
  gtk_label_set_text (total, text != NULL ? text : (fees != NULL ? _("Nothing collected") : "…"));
}

static void
on_amount_changed_cb (GtkEditable  *editable,
                      McIntakePage *self)
{
  if (!self->loading)
    mc_intake_form_set_fee_amount (self->form, fee_index (editable), gtk_editable_get_text (editable));
  update_total (self);
}

static void
on_reason_changed_cb (GtkEditable  *editable,
                      McIntakePage *self)
{
  if (!self->loading)
    mc_intake_form_set_fee_reason (self->form, fee_index (editable), gtk_editable_get_text (editable));
  update_total (self);
}

/* An exempt fee reads "Miễn" where its amount was, not editable, so
 * nobody takes the catalog's amount for money collected; the form keeps
 * the amount, back in the entry when the exemption is undone. */
static void
show_amount (McIntakePage *self,
             GtkWidget    *amount_row,
             guint         index)
{
  const McFormFee *fee = mc_intake_form_get_fee (self->form, index);

  g_signal_handlers_block_by_func (amount_row, on_amount_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (amount_row), fee->exempt ? _("Exempt") : fee->amount);
  g_signal_handlers_unblock_by_func (amount_row, on_amount_changed_cb, self);
  gtk_editable_set_editable (GTK_EDITABLE (amount_row), !fee->exempt);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (amount_row), "mc-unit"), !fee->exempt);
}

static void
on_exempt_toggled_cb (GtkCheckButton *check,
                      McIntakePage   *self)
{
  GtkWidget *amount_row = g_object_get_data (G_OBJECT (check), "mc-amount-row");
  GtkWidget *reason_row = g_object_get_data (G_OBJECT (check), "mc-reason-row");
  gboolean exempt = gtk_check_button_get_active (check);

  gtk_widget_set_visible (reason_row, exempt);
  if (!self->loading)
    mc_intake_form_set_fee_exempt (self->form, fee_index (check), exempt);
  show_amount (self, amount_row, fee_index (check));
  if (exempt)
    gtk_widget_grab_focus (reason_row);
  update_total (self);
}

static void
add_row (McIntakePage *self,
         GtkWidget    *group,
         GtkWidget    *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (g_object_get_data (G_OBJECT (self), ROWS_KEY), row);
}

static void
add_fee (McIntakePage *self,
         GtkWidget    *group,
         guint         index)
{
  const McFormFee *fee = mc_intake_form_get_fee (self->form, index);
  GtkWidget *amount = adw_entry_row_new ();
  GtkWidget *reason = adw_entry_row_new ();
  GtkWidget *unit = gtk_label_new (_("đồng"));
  GtkWidget *exempt = gtk_check_button_new_with_mnemonic (_("E_xempt"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (amount), fee->name);
  gtk_editable_set_text (GTK_EDITABLE (amount), fee->amount);
  gtk_editable_set_alignment (GTK_EDITABLE (amount), 1.0);
  if (fee->note != NULL)
    gtk_widget_set_tooltip_text (amount, fee->note);
  gtk_widget_add_css_class (unit, "dim-label");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (amount), unit);
  gtk_widget_set_valign (exempt, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (exempt), fee->exempt);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (amount), exempt);

  /* Translators: the reason a fee is exempt (lý do miễn), asked when "Exempt" is ticked */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason), _("Reason for the exemption"));
  gtk_editable_set_text (GTK_EDITABLE (reason), fee->reason);
  gtk_widget_set_visible (reason, fee->exempt);

  g_object_set_data (G_OBJECT (amount), "mc-fee-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (reason), "mc-fee-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (exempt), "mc-fee-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (exempt), "mc-amount-row", amount);
  g_object_set_data (G_OBJECT (amount), "mc-unit", unit);
  g_object_set_data (G_OBJECT (exempt), "mc-reason-row", reason);
  gtk_widget_set_name (amount, "fee-amount");
  gtk_widget_set_name (reason, "fee-reason");
  gtk_widget_set_name (exempt, "fee-exempt");
  g_signal_connect (amount, "changed", G_CALLBACK (on_amount_changed_cb), self);
  g_signal_connect (reason, "changed", G_CALLBACK (on_reason_changed_cb), self);
  g_signal_connect (exempt, "toggled", G_CALLBACK (on_exempt_toggled_cb), self);
  show_amount (self, amount, index);
  add_row (self, group, amount);
  add_row (self, group, reason);
}

static GtkWidget *
ensure_group (McIntakePage *self)
{
  GtkWidget *group = g_object_get_data (G_OBJECT (self), GROUP_KEY);
  GtkWidget *papers = GTK_WIDGET (self->papers_list);
  GtkWidget *after;

  if (group != NULL)
    return group;
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Fees Collected"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The catalog's amounts; change them to what was collected, "
                                           "leave one empty if it was not, or tick Exempt and say why"));
  gtk_widget_set_name (group, "fees-group");
  /* After the receipt's group (sets, received earlier): Tab leaves the
   * papers for the number of sets, as before. */
  after = gtk_widget_get_next_sibling (papers) != NULL ? gtk_widget_get_next_sibling (papers) : papers;
  gtk_widget_insert_after (group, gtk_widget_get_parent (papers), after);
  g_object_set_data (G_OBJECT (self), GROUP_KEY, group);
  g_object_set_data_full (G_OBJECT (self), ROWS_KEY, g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
  return group;
}

void
_mc_intake_page_rebuild_fees (McIntakePage *self)
{
  GtkWidget *group = ensure_group (self);
  GPtrArray *rows = g_object_get_data (G_OBJECT (self), ROWS_KEY);
  gboolean was_loading = self->loading;
  GtkWidget *total_row;
  GtkWidget *total;
  guint n = mc_intake_form_get_n_fees (self->form);

  self->loading = TRUE;
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
  g_object_set_data (G_OBJECT (self), TOTAL_KEY, NULL);
  gtk_widget_set_visible (group, n > 0);

  for (guint i = 0; i < n; i++)
    add_fee (self, group, i);
  if (n > 0)
    {
      total_row = adw_action_row_new ();
      /* Translators: the sum of the fees collected */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (total_row), _("Total"));
      total = gtk_label_new (NULL);
      gtk_widget_add_css_class (total, "heading");
      gtk_widget_set_name (total, "fees-total");
      adw_action_row_add_suffix (ADW_ACTION_ROW (total_row), total);
      g_object_set_data (G_OBJECT (self), TOTAL_KEY, total);
      add_row (self, group, total_row);
      update_total (self);
    }
  self->loading = was_loading;
}
