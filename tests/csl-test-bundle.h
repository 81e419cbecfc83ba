#pragma once

/* A complete filing to package, documents drawn with cairo standing in for the generators,
 * signing identities and small process helpers, shared by the bundle tests. */

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <string.h>

#include "bundle/csl-bundle.h"
#include "records/csl-catalogue.h"
#include "base/csl-error.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-owner.h"
#include "records/csl-product.h"
#include "csl-test-util.h"

#define CSL_TEST_TODAY "2026-11-21"
#define CSL_TEST_CREATED G_GINT64_CONSTANT (1795248000)   /* 2026-11-21T08:00:00Z */

typedef struct
{
  gboolean agent;
  int      grade;
  gsize    report_size;        /* bytes of the test report attachment */
  gboolean attach_declaration;
} CslTestFilingSpec;

/* Random-looking bytes from a seed: incompressible like a real PDF's streams, and the same
 * on every run. */
static inline GBytes *
csl_test_pseudo_random (gsize   len,
                        guint32 seed)
{
  guint8 *data = g_malloc (len);
  guint32 x = seed ? seed : 1;

  for (gsize i = 0; i < len; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = (guint8) x;
    }
  return g_bytes_new_take (data, len);
}

/* A small but valid PDF whose one page carries the text, followed (as a PDF may be) by
 * padding up to size bytes. */
static inline cairo_status_t
csl_test_write_to_array (void                *closure,
                         const unsigned char *data,
                         unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static inline GBytes *
csl_test_make_pdf (const char *text,
                   gsize       size)
{
  GByteArray *array = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (csl_test_write_to_array, array, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_move_to (cr, 72, 72);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  if (array->len < size)
    {
      g_autoptr(GBytes) pad = csl_test_pseudo_random (size - array->len, (guint32) size);
      g_byte_array_append (array, g_bytes_get_data (pad, NULL), (guint) g_bytes_get_size (pad));
    }
  return g_byte_array_free_to_bytes (array);
}

static inline char *
csl_test_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static inline gint64
csl_test_attach (CslWorkspace *ws,
                 gint64        filing_id,
                 const char   *kind,
                 const char   *file_name,
                 GBytes       *bytes)
{
  g_autofree char *sha = csl_test_sha256 (bytes);
  g_autofree char *blob = csl_workspace_blob_path (ws, sha);
  g_autofree char *dir = g_path_get_dirname (blob);
  g_autoptr(GError) error = NULL;
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (blob, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  stmt = csl_db_prepare (db, "INSERT INTO attachment (filing_id, kind, file_name, size, sha256, attached_at) "
                             "VALUES (?, ?, ?, ?, ?, '2026-11-20T10:00:00Z')", &error);
  g_assert_no_error (error);
  csl_stmt_bind_int64 (stmt, 1, filing_id);
  csl_stmt_bind_text (stmt, 2, kind);
  csl_stmt_bind_text (stmt, 3, file_name);
  csl_stmt_bind_int64 (stmt, 4, (gint64) g_bytes_get_size (bytes));
  csl_stmt_bind_text (stmt, 5, sha);
  g_assert_true (csl_db_step_done (db, stmt, &error));
  return csl_db_last_insert_id (db);
}

static inline gint64
csl_test_add_lab (CslWorkspace *ws,
                  const char   *name,
                  const char   *kind)
{
  g_autoptr(CslLab) lab = csl_lab_new ();
  g_autoptr(GError) error = NULL;

  lab->name = g_strdup (name);
  lab->kind = g_strdup (kind);
  if (g_strcmp0 (kind, "third-party") == 0)
    {
      lab->accreditation_no = g_strdup ("CNAS L0001");
      lab->accredited_until = g_strdup ("2030-01-01");
    }
  g_assert_cmpint (csl_lab_add (ws, lab, &error), >, 0);
  return lab->id;
}

/* A filing that passes its requirements check on CSL_TEST_TODAY. */
static inline gint64
csl_test_make_filing (CslWorkspace            *ws,
                      const CslTestFilingSpec *spec)
{
  g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
  g_autoptr(CslCategory) cat = csl_catalogue_find_serial (ws, "CSL 001-2025", NULL);
  g_autoptr(CslProduct) p = csl_product_new ();
  g_autoptr(CslFiling) f = csl_filing_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) report = csl_test_make_pdf ("Test report R-2026-001", spec->report_size);
  g_autoptr(GBytes) license = csl_test_make_pdf ("Business licence", 0);
  g_autoptr(GBytes) accreditation = csl_test_make_pdf ("CNAS accreditation", 0);
  const char *const standards[] = { "GB/T 41387-2022", NULL };

  m->name_en = g_strdup ("Acme Smart Devices Co., Ltd.");
  m->name_zh = g_strdup ("北京示例科技有限公司");
  m->uscc = g_strdup ("91110000600037341L");
  g_assert_cmpint (csl_manufacturer_add (ws, m, &error), >, 0);

  p->manufacturer_id = m->id;
  p->category_id = cat->id;
  p->name = g_strdup ("Home camera");
  p->model = g_strdup ("CAM-100");
  p->firmware_version = g_strdup ("1.0.0");
  p->support_until = g_strdup ("2030-12-31");
  p->default_password_policy = g_strdup ("unique per device");
  p->vulnerability_contact = g_strdup ("psirt@example.com");
  p->update_policy = g_strdup ("signed OTA for 5 years");
  csl_product_set_param (p, "wifi", "802.11n");
  g_assert_cmpint (csl_product_add (ws, p, &error), >, 0);

  f->product_id = p->id;
  f->grade = spec->grade ? spec->grade : 2;
  f->lab_id = csl_test_add_lab (ws, "CESI Test Lab", "third-party");
  if (f->grade == CSL_GRADE_LEADING)
    f->pentest_lab_id = csl_test_add_lab (ws, "Red Team Lab", "third-party");
  g_free (f->filed_by);
  f->filed_by = g_strdup (spec->agent ? "agent" : "manufacturer");
  f->report_number = g_strdup ("R-2026-001");
  f->report_date = g_strdup ("2026-10-01");
  f->standards = g_strdupv ((char **) standards);
  g_assert_cmpint (csl_filing_add (ws, f, &error), >, 0);
  g_assert_no_error (error);

  csl_test_attach (ws, f->id, "test-report", "report.pdf", report);
  csl_test_attach (ws, f->id, "business-license", "licence.pdf", license);
  csl_test_attach (ws, f->id, "lab-accreditation", "cnas.pdf", accreditation);
  if (spec->attach_declaration)
    {
      g_autoptr(GBytes) decl = csl_test_make_pdf ("Declaration", 0);
      csl_test_attach (ws, f->id, "declaration", "declaration-signed.pdf", decl);
    }
  if (f->grade == CSL_GRADE_LEADING)
    {
      g_autoptr(GBytes) pentest = csl_test_make_pdf ("Penetration test", 0);
      g_autoptr(GBytes) accreditation2 = csl_test_make_pdf ("Red team accreditation", 0);
      csl_test_attach (ws, f->id, "pentest-report", "pentest.pdf", pentest);
      csl_test_attach (ws, f->id, "lab-accreditation", "redteam-cnas.pdf", accreditation2);
    }
  if (spec->agent)
    {
      g_autoptr(CslOwner) owner = g_new0 (CslOwner, 1);
      g_autoptr(CslAuthorization) a = g_new0 (CslAuthorization, 1);
      g_autoptr(GBytes) letter = csl_test_make_pdf ("Authorisation", 0);

      owner->kind = g_strdup ("agent");
      owner->agent_name = g_strdup ("Compliance Agency Ltd");
      g_assert_true (csl_owner_set (ws, owner, &error));
      a->manufacturer_id = m->id;
      a->letter_ref = g_strdup ("AUTH-1");
      a->valid_from = g_strdup ("2026-01-01");
      a->valid_until = g_strdup ("2027-12-31");
      g_assert_cmpint (csl_authorization_add (ws, a, &error), >, 0);
      csl_test_attach (ws, f->id, "authorization-letter", "letter.pdf", letter);
    }
  return f->id;
}

/* Documents standing in for the generators of the documents and label modules. */
static inline gboolean
csl_test_write_all (GOutputStream  *out,
                    GBytes         *bytes,
                    GCancellable   *cancellable,
                    GError        **error)
{
  return g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL,
                                    cancellable, error);
}

static inline gboolean
csl_test_doc_writer (CslWorkspace         *ws,
                     const CslBundlePlan  *plan,
                     GOutputStream        *out,
                     gpointer              user_data,
                     GCancellable         *cancellable,
                     GError              **error)
{
  g_autoptr(GBytes) pdf = csl_test_make_pdf (plan->product->model, 0);

  return csl_test_write_all (out, pdf, cancellable, error);
}

static inline gboolean
csl_test_svg_writer (CslWorkspace         *ws,
                     const CslBundlePlan  *plan,
                     GOutputStream        *out,
                     gpointer              user_data,
                     GCancellable         *cancellable,
                     GError              **error)
{
  GByteArray *array = g_byte_array_new ();
  cairo_surface_t *surface = cairo_svg_surface_create_for_stream (csl_test_write_to_array, array, 200, 100);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;

  cairo_rectangle (cr, 10, 10, 180, 80);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  bytes = g_byte_array_free_to_bytes (array);
  return csl_test_write_all (out, bytes, cancellable, error);
}

static inline gboolean
csl_test_png_writer (CslWorkspace         *ws,
                     const CslBundlePlan  *plan,
                     GOutputStream        *out,
                     gpointer              user_data,
                     GCancellable         *cancellable,
                     GError              **error)
{
  GByteArray *array = g_byte_array_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 200, 100);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, csl_test_write_to_array, array);
  cairo_surface_destroy (surface);
  bytes = g_byte_array_free_to_bytes (array);
  return csl_test_write_all (out, bytes, cancellable, error);
}

static inline gboolean
csl_test_failing_writer (CslWorkspace         *ws,
                         const CslBundlePlan  *plan,
                         GOutputStream        *out,
                         gpointer              user_data,
                         GCancellable         *cancellable,
                         GError              **error)
{
  g_output_stream_write_all (out, "%PDF-1.7\n", 9, NULL, cancellable, NULL);
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, "the label has no filing number yet");
  return FALSE;
}

static inline const CslBundleProviders *
csl_test_providers (void)
{
  static const CslBundleProviders providers = {
    .writers = {
      [CSL_DOC_FILING_FORM] = csl_test_doc_writer,
      [CSL_DOC_LABEL_PDF] = csl_test_doc_writer,
      [CSL_DOC_LABEL_SVG] = csl_test_svg_writer,
      [CSL_DOC_LABEL_PNG] = csl_test_png_writer,
      [CSL_DOC_DECLARATION] = csl_test_doc_writer,
      [CSL_DOC_AUTHORIZATION_LETTER] = csl_test_doc_writer,
    },
  };
  return &providers;
}

/* Runs a program (openssl, unzip, python3 …) in dir; returns its exit status, and its
 * output when out is not NULL. */
static inline int
csl_test_spawnv (const char         *dir,
                 const char *const  *argv,
                 char              **out)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  if (dir != NULL)
    g_subprocess_launcher_set_cwd (launcher, dir);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (proc) != 0)
    g_test_message ("%s: %s", argv[0], output);
  if (out != NULL)
    *out = g_steal_pointer (&output);
  return g_subprocess_get_exit_status (proc);
}

#define csl_test_spawn(dir, out, ...) csl_test_spawnv ((dir), (const char *const[]) { __VA_ARGS__, NULL }, (out))

static inline CslIdentity *
csl_test_identity (const char *name)
{
  g_autoptr(GError) error = NULL;
  CslIdentity *id = csl_identity_generate (name, CSL_KEY_EC, 30, &error);

  g_assert_no_error (error);
  return id;
}

/* Packages the filing with the test providers; asserts success, returns the path. */
static inline char *
csl_test_create_bundle (CslWorkspace *ws,
                        gint64        filing_id,
                        const char   *out,
                        CslIdentity  *identity)
{
  CslBundleOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  char *path = NULL;

  options.identity = identity;
  options.providers = csl_test_providers ();
  options.today = CSL_TEST_TODAY;
  options.created = CSL_TEST_CREATED;
  csl_bundle_create (ws, filing_id, out, &options, &path, NULL, &error);
  g_assert_no_error (error);
  return path;
}

/* In dir: a root CA, an intermediate CA, a signer it issued (key encrypted with the password
 * "pemsecret"), and an unrelated root — all made with the openssl command as a
 * manufacturer's PKI would. Files: root.pem, inter.pem, signer.key, signer.pem, other.pem. */
static inline void
csl_test_make_pki (const char *dir)
{
  g_autofree char *ca_ext = g_build_filename (dir, "ca.ext", NULL);
  g_autofree char *leaf_ext = g_build_filename (dir, "leaf.ext", NULL);

  g_assert_true (g_file_set_contents (ca_ext, "basicConstraints=critical,CA:TRUE\n"
                                              "keyUsage=critical,keyCertSign,cRLSign\n", -1, NULL));
  g_assert_true (g_file_set_contents (leaf_ext, "basicConstraints=critical,CA:FALSE\n"
                                                "keyUsage=critical,digitalSignature,nonRepudiation\n", -1, NULL));
#define EC "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "req", "-x509", EC, "-keyout", "root.key", "-out", "root.pem",
                                   "-subj", "/CN=Test Root CA", "-days", "30", "-addext",
                                   "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"), ==, 0);
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "req", "-x509", EC, "-keyout", "other.key", "-out", "other.pem",
                                   "-subj", "/CN=Other Root CA", "-days", "30", "-addext",
                                   "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"), ==, 0);
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "req", "-new", EC, "-keyout", "inter.key", "-out", "inter.csr",
                                   "-subj", "/CN=Test Issuing CA"), ==, 0);
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "x509", "-req", "-in", "inter.csr", "-CA", "root.pem",
                                   "-CAkey", "root.key", "-CAcreateserial", "-out", "inter.pem", "-days", "30",
                                   "-extfile", ca_ext), ==, 0);
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "req", "-new", EC, "-keyout", "signer-plain.key",
                                   "-out", "signer.csr", "-subj", "/O=Acme Smart Devices/CN=Acme Signer"), ==, 0);
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "x509", "-req", "-in", "signer.csr", "-CA", "inter.pem",
                                   "-CAkey", "inter.key", "-CAcreateserial", "-out", "signer.pem", "-days", "30",
                                   "-extfile", leaf_ext), ==, 0);
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "pkey", "-in", "signer-plain.key", "-aes256",
                                   "-passout", "pass:pemsecret", "-out", "signer.key"), ==, 0);
#undef EC
}
