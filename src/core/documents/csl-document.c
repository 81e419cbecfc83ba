#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "base/csl-atomic.h"
#include "records/csl-catalogue.h"
#include "base/csl-date.h"
#include "documents/csl-doc-writer.h"
#include "documents/csl-document.h"
#include "base/csl-error.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-owner.h"
#include "records/csl-product.h"
#include "documents/csl-store.h"

/* The documents' own words are not marked for translation: a filing document is Chinese with
 * English alongside whatever language the app speaks. English uses ASCII quotes because CJK
 * fonts, which come first in the font list, draw curly ones full-width. */

static const char *const kind_names[CSL_N_DOCUMENTS] = {
  "filing-form", "declaration", "authorization-letter",
};

static const char *const file_names[CSL_N_DOCUMENTS] = {
  "filing-form.pdf", "declaration-of-conformity.pdf", "authorization-letter.pdf",
};

const char *
csl_document_kind_to_string (CslDocumentKind kind)
{
  g_return_val_if_fail (kind < CSL_N_DOCUMENTS, NULL);
  return kind_names[kind];
}

const char *
csl_document_file_name (CslDocumentKind kind)
{
  g_return_val_if_fail (kind < CSL_N_DOCUMENTS, NULL);
  return file_names[kind];
}

gboolean
csl_document_kind_from_string (const char       *text,
                               CslDocumentKind  *out,
                               GError          **error)
{
  for (guint i = 0; i < CSL_N_DOCUMENTS; i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *out = (CslDocumentKind) i;
        return TRUE;
      }
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
               _("Document kind “%s” is not one of: filing-form, declaration, authorization-letter"),
               text ? text : "");
  return FALSE;
}

static const char *
material_zh (CslMaterialKind kind)
{
  switch (kind)
    {
    case CSL_MATERIAL_TEST_REPORT:          return "网络安全能力等级检测报告";
    case CSL_MATERIAL_PENTEST_REPORT:       return "第三方渗透测试报告";
    case CSL_MATERIAL_DECLARATION:          return "产品制造商符合性声明";
    case CSL_MATERIAL_BUSINESS_LICENSE:     return "产品制造商营业执照";
    case CSL_MATERIAL_LAB_CAPABILITY:       return "自有实验室检测能力证明材料";
    case CSL_MATERIAL_LAB_ACCREDITATION:    return "第三方检测机构资质证书";
    case CSL_MATERIAL_AUTHORIZATION_LETTER: return "授权委托书";
    case CSL_MATERIAL_OTHER:
    case CSL_N_MATERIALS:
    default:                                return "其他材料";
    }
}

static const char *
material_en (CslMaterialKind kind)
{
  switch (kind)
    {
    case CSL_MATERIAL_TEST_REPORT:          return "Test report";
    case CSL_MATERIAL_PENTEST_REPORT:       return "Third-party penetration test report";
    case CSL_MATERIAL_DECLARATION:          return "Declaration of conformity";
    case CSL_MATERIAL_BUSINESS_LICENSE:     return "Business licence";
    case CSL_MATERIAL_LAB_CAPABILITY:       return "In-house lab capability proof";
    case CSL_MATERIAL_LAB_ACCREDITATION:    return "Third-party lab accreditation certificate";
    case CSL_MATERIAL_AUTHORIZATION_LETTER: return "Letter of authorisation";
    case CSL_MATERIAL_OTHER:
    case CSL_N_MATERIALS:
    default:                                return "Other document";
    }
}

static const char *
grade_en (int grade)
{
  switch (grade)
    {
    case CSL_GRADE_BASIC:    return "One-Star (Basic)";
    case CSL_GRADE_ENHANCED: return "Two-Star (Enhanced)";
    case CSL_GRADE_LEADING:  return "Three-Star (Leading)";
    default:                 return "?";
    }
}

static const char *
grade_zh (int grade)
{
  switch (grade)
    {
    case CSL_GRADE_BASIC:    return "一星";
    case CSL_GRADE_ENHANCED: return "二星";
    case CSL_GRADE_LEADING:  return "三星";
    default:                 return "?";
    }
}

/* Everything the three documents print, loaded once. */
typedef struct
{
  CslFiling        *filing;
  CslProduct       *product;
  CslManufacturer  *manufacturer;
  CslCategory      *category;
  CslLab           *lab;
  CslLab           *pentest_lab;
  CslOwner         *owner;
  CslAuthorization *authorization;
  GPtrArray        *attachments;
  char             *today;
} Facts;

static void
facts_clear (Facts *f)
{
  g_clear_pointer (&f->filing, csl_filing_free);
  g_clear_pointer (&f->product, csl_product_free);
  g_clear_pointer (&f->manufacturer, csl_manufacturer_free);
  g_clear_pointer (&f->category, csl_category_free);
  g_clear_pointer (&f->lab, csl_lab_free);
  g_clear_pointer (&f->pentest_lab, csl_lab_free);
  g_clear_pointer (&f->owner, csl_owner_free);
  g_clear_pointer (&f->authorization, csl_authorization_free);
  g_clear_pointer (&f->attachments, g_ptr_array_unref);
  g_clear_pointer (&f->today, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Facts, facts_clear)

static gboolean
facts_load (Facts         *f,
            CslWorkspace  *ws,
            gint64         filing_id,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  f->today = csl_date_today ();
  if ((f->filing = csl_filing_get (ws, filing_id, error)) == NULL ||
      (f->product = csl_product_get (ws, f->filing->product_id, error)) == NULL ||
      (f->manufacturer = csl_manufacturer_get (ws, f->product->manufacturer_id, error)) == NULL ||
      (f->category = csl_catalogue_get (ws, f->product->category_id, error)) == NULL ||
      (f->lab = csl_lab_get (ws, f->filing->lab_id, error)) == NULL ||
      (f->owner = csl_owner_get (ws, error)) == NULL ||
      (f->attachments = csl_store_list (ws, filing_id, error)) == NULL)
    return FALSE;
  if (f->filing->pentest_lab_id > 0 &&
      (f->pentest_lab = csl_lab_get (ws, f->filing->pentest_lab_id, error)) == NULL)
    return FALSE;
  if (csl_filing_is_agent (f->filing))
    {
      f->authorization = csl_authorization_find_valid (ws, f->manufacturer->id, f->today, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

static char *
category_text (CslCategory *c)
{
  return g_strdup_printf ("%s %s%s%s", c->serial, c->name_zh ? c->name_zh : "",
                          c->name_en ? "\n" : "", c->name_en ? c->name_en : "");
}

static char *
grade_text (int grade)
{
  return g_strdup_printf ("%s %s（%s）\n%s", csl_grade_stars (grade), grade_zh (grade),
                          csl_grade_name_zh (grade), grade_en (grade));
}

static char *
params_text (CslProduct *p)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; p->params && i < p->params->len; i++)
    {
      CslParam *param = p->params->pdata[i];
      g_string_append_printf (s, "%s%s: %s", i ? "\n" : "", param->name, param->value);
    }
  return g_string_free (s, FALSE);
}

static char *
standards_text (CslFiling *f)
{
  return f->standards ? g_strjoinv ("\n", f->standards) : NULL;
}

static const char *
lab_kind_text (CslLab *lab)
{
  return csl_lab_get_kind (lab) == CSL_LAB_IN_HOUSE ? "自有实验室 In-house laboratory"
                                                    : "第三方检测机构 Third-party testing agency";
}

static char *
manufacturer_names (CslManufacturer *m)
{
  if (m->name_zh != NULL && m->name_en != NULL)
    return g_strdup_printf ("%s\n%s", m->name_zh, m->name_en);
  return g_strdup (m->name_zh ? m->name_zh : m->name_en);
}

static void
add_manufacturer (CslDocContent   *doc,
                  CslManufacturer *m,
                  gboolean         contact)
{
  g_autofree char *names = manufacturer_names (m);

  csl_doc_add_field (doc, "名称", "Name", names, FALSE);
  csl_doc_add_field (doc, "统一社会信用代码", "Unified Social Credit Code", m->uscc, FALSE);
  csl_doc_add_field (doc, "地址", "Address", m->address, FALSE);
  if (!contact)
    return;
  csl_doc_add_field (doc, "联系人", "Contact person", m->contact, FALSE);
  csl_doc_add_field (doc, "联系电话", "Telephone", m->phone, FALSE);
  csl_doc_add_field (doc, "电子邮箱", "E-mail", m->email, FALSE);
}

static void
add_agent (CslDocContent *doc,
           Facts         *f,
           gboolean       fill_in)
{
  CslOwner *o = f->owner;
  gboolean agent = csl_owner_is_agent (o);

  csl_doc_add_field (doc, "名称", "Name", agent ? o->agent_name : NULL, fill_in);
  csl_doc_add_field (doc, "统一社会信用代码", "Unified Social Credit Code", agent ? o->agent_uscc : NULL, fill_in);
  csl_doc_add_field (doc, "地址", "Address", agent ? o->agent_address : NULL, fill_in);
  csl_doc_add_field (doc, "联系人", "Contact", agent ? o->agent_contact : NULL, fill_in);
}

static void
add_authorization (CslDocContent *doc,
                   Facts         *f,
                   gboolean       fill_in)
{
  CslAuthorization *a = f->authorization;
  g_autofree char *period = NULL;

  if (a != NULL)
    period = g_strdup_printf ("%s — %s", a->valid_from ? a->valid_from : "", a->valid_until ? a->valid_until : "");
  csl_doc_add_field (doc, "授权书编号", "Letter of authorisation no.", a ? a->letter_ref : NULL, fill_in);
  csl_doc_add_field (doc, "授权期限", "Authorised from — until", period, fill_in);
}

static void
add_product (CslDocContent *doc,
             Facts         *f,
             gboolean       details)
{
  g_autofree char *category = category_text (f->category);
  g_autofree char *params = params_text (f->product);

  csl_doc_add_field (doc, "产品类别", "Product category", category, FALSE);
  csl_doc_add_field (doc, "产品名称", "Product name", f->product->name, FALSE);
  csl_doc_add_field (doc, "产品型号", "Model", f->product->model, FALSE);
  csl_doc_add_field (doc, "硬件版本", "Hardware version", f->product->hardware_version, FALSE);
  csl_doc_add_field (doc, "软件/固件版本", "Software / firmware version", f->product->firmware_version, FALSE);
  if (details)
    csl_doc_add_field (doc, "关键技术参数", "Key technical parameters", params, FALSE);
}

static const char *
declared_indicator (CslProduct *p,
                    const char *key)
{
  if (g_strcmp0 (key, "default-password-policy") == 0)
    return p->default_password_policy;
  if (g_strcmp0 (key, "vulnerability-contact") == 0)
    return p->vulnerability_contact;
  if (g_strcmp0 (key, "update-policy") == 0)
    return p->update_policy;
  return NULL;
}

static void
add_indicators (CslDocContent *doc,
                Facts         *f)
{
  g_autoptr(GPtrArray) indicators = csl_category_dup_indicators (f->category);

  /* The category names the indicators; without them, the three of Art. 5's Basic grade. */
  if (indicators->len == 0)
    {
      csl_doc_add_field (doc, "默认口令", "Default passwords", f->product->default_password_policy, FALSE);
      csl_doc_add_field (doc, "漏洞处理", "Vulnerability handling", f->product->vulnerability_contact, FALSE);
      csl_doc_add_field (doc, "安全更新", "Security updates", f->product->update_policy, FALSE);
    }
  for (guint i = 0; i < indicators->len; i++)
    {
      CslIndicator *ind = indicators->pdata[i];

      csl_doc_add_field (doc, ind->name_zh ? ind->name_zh : ind->key, ind->name_en,
                         declared_indicator (f->product, ind->key), FALSE);
    }
  csl_doc_add_field (doc, "安全更新支持至", "Security update support until", f->product->support_until, FALSE);
}

static void
add_testing (CslDocContent *doc,
             Facts         *f)
{
  csl_doc_add_field (doc, "检测机构", "Testing laboratory", f->lab->name, FALSE);
  csl_doc_add_field (doc, "机构类型", "Laboratory type", lab_kind_text (f->lab), FALSE);
  csl_doc_add_field (doc, "资质证书编号", "Accreditation no.", f->lab->accreditation_no, FALSE);
  csl_doc_add_field (doc, "资质有效期至", "Accredited until", f->lab->accredited_until, FALSE);
  if (f->pentest_lab != NULL)
    {
      g_autofree char *pentest = g_strdup_printf ("%s\n%s%s%s", f->pentest_lab->name, lab_kind_text (f->pentest_lab),
                                                  f->pentest_lab->accreditation_no ? "\n" : "",
                                                  f->pentest_lab->accreditation_no ? f->pentest_lab->accreditation_no : "");
      csl_doc_add_field (doc, "渗透测试机构", "Penetration test laboratory", pentest, FALSE);
    }
  csl_doc_add_field (doc, "检测报告编号", "Test report no.", f->filing->report_number, FALSE);
  csl_doc_add_field (doc, "检测报告日期", "Test report date", f->filing->report_date, FALSE);
}

static char *
attachment_text (CslAttachment *a)
{
  return g_strdup_printf ("%s\n%" G_GINT64_FORMAT " 字节 bytes · %d 页 pages · %.0f × %.0f mm\nSHA-256: %s",
                          a->file_name, a->size, a->page_count, a->page_width_pt * 25.4 / 72,
                          a->page_height_pt * 25.4 / 72, a->sha256);
}

static CslDocContent *
filing_form (Facts *f)
{
  CslDocContent *doc = csl_doc_content_new ("网络安全标识备案表", "Cybersecurity Label Filing Form");
  g_autofree char *subtitle = g_strdup_printf ("CSL Filer #%" G_GINT64_FORMAT " · %s · 《网络安全标识管理办法》第八条第（一）项 "
                                               "Art. 8(1)", f->filing->id, f->today);
  g_autofree char *grade = grade_text (f->filing->grade);
  g_autofree char *standards = standards_text (f->filing);

  csl_doc_set_subtitle (doc, subtitle);
  csl_doc_set_date (doc, f->today);

  csl_doc_add_heading (doc, "产品制造商", "Product manufacturer");
  add_manufacturer (doc, f->manufacturer, TRUE);
  if (csl_filing_is_agent (f->filing))
    {
      csl_doc_add_heading (doc, "代理人", "Agent");
      add_agent (doc, f, FALSE);
      add_authorization (doc, f, FALSE);
    }
  csl_doc_add_heading (doc, "产品", "Product");
  add_product (doc, f, TRUE);
  csl_doc_add_field (doc, "网络安全能力等级", "Cybersecurity capability grade", grade, FALSE);
  csl_doc_add_heading (doc, "检测", "Testing");
  add_testing (doc, f);
  csl_doc_add_field (doc, "依据标准", "Basis standards", standards, FALSE);
  csl_doc_add_heading (doc, "关键指标", "Key indicators");
  add_indicators (doc, f);

  csl_doc_add_heading (doc, "备案材料", "Filing materials");
  if (f->attachments->len == 0)
    csl_doc_add_text (doc, "尚未附加材料。", "No materials attached yet.");
  for (guint i = 0; i < f->attachments->len; i++)
    {
      CslAttachment *a = f->attachments->pdata[i];
      g_autofree char *text = attachment_text (a);

      csl_doc_add_field (doc, material_zh (a->kind), material_en (a->kind), text, FALSE);
    }

  csl_doc_add_heading (doc, "声明", "Statement");
  csl_doc_add_text (doc, "产品制造商及其代理人对上述备案材料的真实性、准确性和完整性负责。",
                    "The product manufacturer and its agent are responsible for the authenticity, accuracy "
                    "and completeness of the above materials.");
  csl_doc_add_signature (doc, "制造商（盖章）", "Manufacturer (seal)");
  if (csl_filing_is_agent (f->filing))
    csl_doc_add_signature (doc, "代理人（盖章）", "Agent (seal)");
  csl_doc_add_signature (doc, "日期", "Date");
  return doc;
}

static CslDocContent *
declaration (Facts *f)
{
  CslDocContent *doc = csl_doc_content_new ("产品制造商符合性声明", "Manufacturer's Declaration of Conformity");
  g_autofree char *subtitle = g_strdup_printf ("草稿，请核对后签署 Draft for signature · CSL Filer #%" G_GINT64_FORMAT
                                               " · %s · 第八条第（四）项 Art. 8(4)", f->filing->id, f->today);
  g_autofree char *grade = grade_text (f->filing->grade);
  g_autofree char *standards = standards_text (f->filing);
  g_autofree char *body_zh = NULL;
  g_autofree char *body_en = NULL;

  csl_doc_set_subtitle (doc, subtitle);
  csl_doc_set_date (doc, f->today);

  csl_doc_add_heading (doc, "声明人", "Declarant");
  add_manufacturer (doc, f->manufacturer, FALSE);

  body_zh = g_strdup_printf ("我单位声明：下列产品符合《网络安全标识管理办法》的规定，满足下列标准对%s网络安全能力等级的要求；"
                             "所提交的备案材料真实、准确、完整。",
                             grade_zh (f->filing->grade));
  body_en = g_strdup_printf ("We declare that the product below complies with the Cybersecurity Labeling Management "
                             "Measures and meets the requirements of the standards below for the %s cybersecurity "
                             "capability grade, and that the filing materials we submit are authentic, accurate "
                             "and complete.", grade_en (f->filing->grade));
  csl_doc_add_text (doc, body_zh, body_en);

  csl_doc_add_heading (doc, "产品", "Product");
  add_product (doc, f, FALSE);
  csl_doc_add_field (doc, "网络安全能力等级", "Cybersecurity capability grade", grade, FALSE);
  csl_doc_add_field (doc, "依据标准", "Basis standards", standards, FALSE);
  csl_doc_add_heading (doc, "关键指标", "Key indicators");
  csl_doc_add_field (doc, "默认口令", "Default passwords", f->product->default_password_policy, FALSE);
  csl_doc_add_field (doc, "漏洞处理", "Vulnerability handling", f->product->vulnerability_contact, FALSE);
  csl_doc_add_field (doc, "安全更新", "Security updates", f->product->update_policy, FALSE);
  csl_doc_add_field (doc, "安全更新支持至", "Update support until", f->product->support_until, FALSE);
  csl_doc_add_heading (doc, "检测", "Testing");
  csl_doc_add_field (doc, "检测报告编号", "Test report no.", f->filing->report_number, FALSE);
  csl_doc_add_field (doc, "检测报告日期", "Test report date", f->filing->report_date, FALSE);
  csl_doc_add_field (doc, "检测机构", "Testing laboratory", f->lab->name, FALSE);

  csl_doc_add_heading (doc, "签署", "Signature");
  csl_doc_add_field (doc, "地点", "Place", NULL, TRUE);
  csl_doc_add_field (doc, "日期", "Date", NULL, TRUE);
  csl_doc_add_field (doc, "签字人姓名", "Name of signatory", NULL, TRUE);
  csl_doc_add_field (doc, "职务", "Position", NULL, TRUE);
  csl_doc_add_signature (doc, "授权签字人签字", "Signature of authorised signatory");
  csl_doc_add_signature (doc, "制造商盖章", "Manufacturer's seal");
  return doc;
}

static CslDocContent *
authorization_letter (Facts *f)
{
  CslDocContent *doc = csl_doc_content_new ("授权委托书", "Letter of Authorisation");
  g_autofree char *subtitle = g_strdup_printf ("模板，请核对后签署 Template for signature · CSL Filer #%" G_GINT64_FORMAT
                                               " · %s · 第八条第（七）项 Art. 8(7)", f->filing->id, f->today);
  g_autofree char *grade = grade_text (f->filing->grade);

  csl_doc_set_subtitle (doc, subtitle);
  csl_doc_set_date (doc, f->today);

  csl_doc_add_heading (doc, "委托方（产品制造商）", "Principal (product manufacturer)");
  add_manufacturer (doc, f->manufacturer, TRUE);
  csl_doc_add_heading (doc, "受托方（代理人）", "Agent");
  add_agent (doc, f, TRUE);

  csl_doc_add_heading (doc, "委托事项", "Authorisation");
  csl_doc_add_text (doc,
                    "兹委托受托方代表委托方办理下列产品的网络安全标识备案事宜，包括提交和补正备案材料、接收备案相关通知。"
                    "受托方在授权范围内办理的事项，委托方予以承认并承担相应责任。",
                    "The principal authorises the agent to handle, on its behalf, the cybersecurity label filing "
                    "of the product below: submitting and supplementing the filing materials and receiving notices "
                    "about the filing. The principal recognises what the agent does within this authorisation and "
                    "bears the responsibility for it.");
  add_product (doc, f, FALSE);
  csl_doc_add_field (doc, "网络安全能力等级", "Cybersecurity capability grade", grade, FALSE);
  add_authorization (doc, f, TRUE);

  csl_doc_add_heading (doc, "签署", "Signatures");
  csl_doc_add_signature (doc, "委托方（盖章）", "Principal (seal)");
  csl_doc_add_signature (doc, "法定代表人或授权签字人", "Legal representative or authorised signatory");
  csl_doc_add_field (doc, "日期", "Date", NULL, TRUE);
  csl_doc_add_signature (doc, "受托方（盖章）", "Agent (seal)");
  csl_doc_add_field (doc, "日期", "Date", NULL, TRUE);
  return doc;
}

gboolean
csl_document_applies (CslWorkspace     *ws,
                      gint64            filing_id,
                      CslDocumentKind   kind,
                      GError          **error)
{
  g_autoptr(CslFiling) filing = csl_filing_get (ws, filing_id, error);

  if (filing == NULL)
    return FALSE;
  return kind != CSL_DOCUMENT_AUTHORIZATION_LETTER || csl_filing_is_agent (filing);
}

gboolean
csl_document_render (CslWorkspace       *ws,
                     gint64              filing_id,
                     CslDocumentKind     kind,
                     cairo_write_func_t  write_func,
                     void               *closure,
                     GError            **error)
{
  g_auto(Facts) facts = { 0 };
  g_autoptr(CslDocContent) doc = NULL;

  g_return_val_if_fail (kind < CSL_N_DOCUMENTS, FALSE);

  if (!facts_load (&facts, ws, filing_id, error))
    return FALSE;
  switch (kind)
    {
    case CSL_DOCUMENT_FILING_FORM:
      doc = filing_form (&facts);
      break;
    case CSL_DOCUMENT_DECLARATION:
      doc = declaration (&facts);
      break;
    case CSL_DOCUMENT_AUTHORIZATION_LETTER:
      if (!csl_filing_is_agent (facts.filing))
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_STATE,
                       _("Filing %" PRId64 " is filed by the manufacturer itself: an authorisation letter "
                         "is only needed when an agent files"), filing_id);
          return FALSE;
        }
      doc = authorization_letter (&facts);
      break;
    case CSL_N_DOCUMENTS:
    default:
      g_assert_not_reached ();
    }
  return csl_doc_render (doc, write_func, closure, error) > 0;
}

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;
} StreamSink;

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  StreamSink *sink = closure;

  if (sink->error != NULL ||
      !g_output_stream_write_all (sink->out, data, length, NULL, sink->cancellable, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
csl_document_render_to_stream (CslWorkspace     *ws,
                               gint64            filing_id,
                               CslDocumentKind   kind,
                               GOutputStream    *out,
                               GCancellable     *cancellable,
                               GError          **error)
{
  StreamSink sink = { out, cancellable, NULL };
  g_autoptr(GError) render_error = NULL;

  if (csl_document_render (ws, filing_id, kind, write_to_stream, &sink, &render_error))
    return TRUE;
  /* The stream's own error says more than cairo's "error while writing to output stream". */
  if (sink.error != NULL)
    g_propagate_error (error, sink.error);
  else
    g_propagate_error (error, g_steal_pointer (&render_error));
  return FALSE;
}

gboolean
csl_document_render_to_file (CslWorkspace     *ws,
                             gint64            filing_id,
                             CslDocumentKind   kind,
                             const char       *path,
                             GError          **error)
{
  g_autoptr(CslAtomicFile) file = csl_atomic_file_new (path, 0644, error);

  return file != NULL &&
         csl_document_render_to_stream (ws, filing_id, kind, csl_atomic_file_get_stream (file), NULL, error) &&
         csl_atomic_file_commit (file, error);
}
