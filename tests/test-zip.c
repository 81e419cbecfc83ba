#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#include "bundle/csl-bundle-verify.h"
#include "base/csl-error.h"
#include "bundle/csl-manifest.h"
#include "csl-test-bundle.h"
#include "bundle/csl-zip-reader.h"
#include "bundle/csl-zip-writer.h"

/* Hostile archives, made with Python's zipfile (and libarchive where Python cannot), must be
 * refused with a message naming the problem, and nothing may be extracted. */

static char *
craft (const char *dir,
       const char *name,
       const char *python)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *script = g_strconcat ("import sys, zipfile\n"
                                         "path = sys.argv[1]\n"
                                         "D = zipfile.ZIP_DEFLATED\n", python, NULL);

  g_assert_cmpint (csl_test_spawn (dir, NULL, "python3", "-c", script, path), ==, 0);
  return path;
}

static CslVerifyReport *
verify_limited (const char         *path,
                const CslZipLimits *limits)
{
  g_autoptr(GError) error = NULL;
  CslVerifyOptions options = { NULL, limits, NULL };
  CslVerifyReport *r = csl_bundle_verify (path, &options, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < r->failures->len; i++)
    g_test_message ("%s: %s", path, (const char *) r->failures->pdata[i]);
  return r;
}

static void
assert_refused (const char         *path,
                const CslZipLimits *limits,
                const char         *needle)
{
  g_autoptr(CslVerifyReport) r = verify_limited (path, limits);

  g_assert_false (r->ok);
  g_assert_cmpuint (r->failures->len, >=, 1);
  if (strstr (r->failures->pdata[0], needle) == NULL)
    g_error ("%s: expected “%s” in “%s”", path, needle, (const char *) r->failures->pdata[0]);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_hostile_names (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  g_autofree char *sandbox = g_build_filename (tmp->dir, "sandbox", NULL);
  g_autofree char *traversal = NULL, *absolute = NULL, *backslash = NULL, *symlink = NULL, *duplicate = NULL;
  g_autofree char *folder = NULL, *unicode = NULL;
  g_autofree char *escaped = g_build_filename (tmp->dir, "evil.txt", NULL);

  g_mkdir (sandbox, 0700);
  traversal = craft (sandbox, "traversal.zip", "zipfile.ZipFile(path, 'w', D).writestr('../evil.txt', 'x')\n");
  absolute = craft (sandbox, "absolute.zip", "zipfile.ZipFile(path, 'w', D).writestr(zipfile.ZipInfo('/tmp/evil.txt'), 'x')\n");
  backslash = craft (sandbox, "backslash.zip", "zipfile.ZipFile(path, 'w', D).writestr('docs\\\\evil.txt', 'x')\n");
  symlink = craft (sandbox, "symlink.zip",
                   "z = zipfile.ZipFile(path, 'w', D)\n"
                   "i = zipfile.ZipInfo('filing.json')\n"
                   "i.create_system = 3\n"
                   "i.external_attr = 0o120777 << 16\n"
                   "z.writestr(i, '/etc/passwd')\n");
  duplicate = craft (sandbox, "duplicate.zip",
                     "import warnings\n"
                     "warnings.simplefilter('ignore')\n"
                     "z = zipfile.ZipFile(path, 'w', D)\n"
                     "z.writestr('filing.json', 'one')\n"
                     "z.writestr('filing.json', 'two')\n");
  folder = craft (sandbox, "folder.zip", "zipfile.ZipFile(path, 'w', D).writestr('docs/', '')\n");
  unicode = craft (sandbox, "unicode.zip", "zipfile.ZipFile(path, 'w', D).writestr('报告.pdf', 'x')\n");

  assert_refused (traversal, NULL, "climbs out of the bundle");
  assert_refused (absolute, NULL, "absolute name");
  assert_refused (backslash, NULL, "backslash");
  assert_refused (symlink, NULL, "symbolic link");
  assert_refused (duplicate, NULL, "appears twice");
  assert_refused (folder, NULL, "folder");
  assert_refused (unicode, NULL, "ASCII");

  /* Nothing was written anywhere: the sandbox holds the seven archives and no more. */
  g_assert_cmpuint (count_entries (sandbox), ==, 7);
  g_assert_false (g_file_test (escaped, G_FILE_TEST_EXISTS));
}

static void
test_bombs (CslTestTmp    *tmp,
            gconstpointer  data)
{
  CslZipLimits small;
  g_autofree char *bomb = NULL, *many_bombs = NULL, *liar = NULL, *crowd = NULL;

  csl_zip_limits_init (&small);
  small.max_entry_size = 8 << 20;
  small.max_total_size = 12 << 20;
  small.max_entries = 20;

  /* 64 MiB of zeros deflate to 64 KiB: refused by its header before anything is inflated. */
  bomb = craft (tmp->dir, "bomb.zip", "zipfile.ZipFile(path, 'w', D).writestr('02-test-report.pdf', bytes(64 << 20))\n");
  assert_refused (bomb, &small, "claims 67108864 bytes");
  /* Each entry within the limit, together beyond it: counted while inflating. */
  many_bombs = craft (tmp->dir, "many.zip",
                      "z = zipfile.ZipFile(path, 'w', D)\n"
                      "for n in range(4):\n"
                      "    z.writestr('part-%d.pdf' % n, bytes(4 << 20))\n");
  assert_refused (many_bombs, &small, "the bundle decompresses to more than");
  crowd = craft (tmp->dir, "crowd.zip",
                 "z = zipfile.ZipFile(path, 'w', D)\n"
                 "for n in range(30):\n"
                 "    z.writestr('f%d.txt' % n, 'x')\n");
  assert_refused (crowd, &small, "lists 30 entries; at most 20");

  /* Headers that claim 1000 bytes for an entry of 1 MiB: refused as soon as more comes out. */
  liar = craft (tmp->dir, "liar.zip",
                "import struct\n"
                "z = zipfile.ZipFile(path, 'w', D)\n"
                "z.writestr('02-test-report.pdf', bytes(1 << 20))\n"
                "z.close()\n"
                "data = bytearray(open(path, 'rb').read())\n"
                "struct.pack_into('<I', data, 22, 1000)\n"
                "cd = data.rfind(b'PK\\x01\\x02')\n"
                "struct.pack_into('<I', data, cd + 24, 1000)\n"
                "open(path, 'wb').write(data)\n");
  assert_refused (liar, NULL, "1000 bytes");
}

static void
test_damaged_files (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  g_autofree char *good = g_build_filename (tmp->dir, "good.zip", NULL);
  g_autofree char *cut = g_build_filename (tmp->dir, "cut.zip", NULL);
  g_autofree char *text = g_build_filename (tmp->dir, "text.zip", NULL);
  g_autofree char *stored = NULL, *hidden = NULL, *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (good);
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, 0, NULL, &error);
  g_autoptr(CslZipWriter) writer = csl_zip_writer_new (G_OUTPUT_STREAM (out), CSL_TEST_CREATED, NULL, &error);
  g_autoptr(GBytes) pdf = csl_test_make_pdf ("report", 20000);
  g_autoptr(GBytes) small = g_bytes_new_static ("{}", 2);
  g_autoptr(GBytes) mimetype = g_bytes_new_static (CSL_ASIC_MIMETYPE, strlen (CSL_ASIC_MIMETYPE));
  g_autoptr(CslVerifyReport) r = NULL;
  gsize len;

  g_assert_true (csl_zip_writer_add_stored_bytes (writer, CSL_ASIC_MIMETYPE_PATH, mimetype, &error));
  g_assert_true (csl_zip_writer_add_bytes (writer, "02-test-report.pdf", pdf, NULL, &error));
  g_assert_true (csl_zip_writer_add_bytes (writer, "filing.json", small, NULL, &error));
  g_assert_true (csl_zip_writer_finish (writer, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  contents = csl_test_read_file (good, &len);

  /* Our own layout, unsigned: the ZIP part passes, the bundle does not. */
  r = verify_limited (good, NULL);
  g_assert_false (r->ok);
  g_assert_cmpstr (r->failures->pdata[0], ==, "The bundle has no META-INF/signature.p7s: it is not signed");
  g_assert_cmpstr (r->failures->pdata[1], ==, "The bundle has no META-INF/ASiCManifest.xml");
  g_clear_pointer (&r, csl_verify_report_free);

  /* Truncated at several points; trailing and leading bytes. */
  for (gsize keep = 1; keep < len; keep += len / 7)
    {
      g_assert_true (g_file_set_contents (cut, contents, (gssize) keep, NULL));
      assert_refused (cut, NULL, keep < 22 ? "too short" : "truncated");
    }
  g_assert_true (g_file_set_contents (cut, contents, (gssize) len - 1, NULL));
  assert_refused (cut, NULL, "truncated");
  {
    g_autofree char *longer = g_malloc (len + 4);

    memcpy (longer, contents, len);
    memcpy (longer + len, "junk", 4);
    g_assert_true (g_file_set_contents (cut, longer, (gssize) len + 4, NULL));
    assert_refused (cut, NULL, "trailing data");
    memcpy (longer, "junk", 4);
    memcpy (longer + 4, contents, len);
    g_assert_true (g_file_set_contents (cut, longer, (gssize) len + 4, NULL));
    /* libarchive allows for a prefix (self-extracting archives); the layout check does not. */
    assert_refused (cut, NULL, "ZIP structure");
  }
  g_assert_true (g_file_set_contents (text, "This is not a ZIP file, only some text.\n", -1, NULL));
  assert_refused (text, NULL, "not a ZIP archive");

  /* A stored entry: readable, but not what a bundle is made of. */
  stored = craft (tmp->dir, "stored.zip", "zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED).writestr('filing.json', '{}')\n");
  assert_refused (stored, NULL, "ZIP structure");

  /* An entry whose local record is there but left out of the central directory: unzip would
   * not see it, a streaming reader would. */
  hidden = g_build_filename (tmp->dir, "hidden.zip", NULL);
  g_assert_cmpint (csl_test_spawn (tmp->dir, NULL, "python3", "-c",
                                   "import struct, sys\n"
                                   "data = bytearray(open(sys.argv[1], 'rb').read())\n"
                                   "eocd = len(data) - 22\n"
                                   "count, cd_size, cd_offset = struct.unpack_from('<HII', data, eocd + 10)\n"
                                   "first = 46 + sum(struct.unpack_from('<HHH', data, cd_offset + 28))\n"
                                   "end = bytearray(data[eocd:])\n"
                                   "struct.pack_into('<HHI', end, 8, count - 1, count - 1, cd_size - first)\n"
                                   "out = data[:cd_offset] + data[cd_offset + first:eocd] + end\n"
                                   "open(sys.argv[2], 'wb').write(out)\n",
                                   good, hidden), ==, 0);
  assert_refused (hidden, NULL, "hidden record");
}

static void
test_encrypted (CslTestTmp    *tmp,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "encrypted.zip", NULL);
  struct archive *a = archive_write_new ();
  struct archive_entry *e = archive_entry_new ();

  archive_write_set_format_zip (a);
  g_assert_cmpint (archive_write_set_options (a, "zip:encryption=zipcrypt"), ==, ARCHIVE_OK);
  archive_write_set_passphrase (a, "secret");
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  archive_entry_set_pathname (e, "filing.json");
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  archive_entry_set_size (e, 2);
  archive_write_header (a, e);
  archive_write_data (a, "{}", 2);
  archive_write_close (a);
  archive_write_free (a);
  archive_entry_free (e);
  assert_refused (path, NULL, "encrypted");
}

static void
test_writer_limits (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(CslZipWriter) writer = csl_zip_writer_new (out, CSL_TEST_CREATED, NULL, &error);
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data ("0123456789", 10, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);

  /* The writer refuses what the reader would refuse. */
  g_assert_false (csl_zip_writer_add_bytes (writer, "../escape", bytes, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_false (csl_zip_writer_add_bytes (writer, "a b.pdf", bytes, NULL, &error));
  g_clear_error (&error);
  g_assert_false (csl_zip_writer_add_stream (writer, "huge.pdf", in, CSL_ZIP_MAX_ENTRY_SIZE + 1, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);
  /* A stream that holds more than it was said to. */
  g_assert_false (csl_zip_writer_add_stream (writer, "short.pdf", in, 4, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "short.pdf"));
}

/* Found by the full-disk test under AddressSanitizer: when the output failed, libarchive's
 * deflate read freed memory when the writer was freed, or leaked its state. Every size of
 * output that runs out, from inside the first header to the central directory, must end in
 * an error and a clean free (ASan and valgrind watch the latter). */
static void
test_writer_out_of_space (void)
{
  g_autoptr(GBytes) data = csl_test_pseudo_random (100 * 1024, 7);
  g_autoptr(GBytes) small = g_bytes_new_static ("{}", 2);
  const gsize sizes[] = { 10, 40, 100, 1000, 64 * 1024, 66 * 1024, 100 * 1024, 200 * 1024 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *space = g_malloc (sizes[i]);
      g_autoptr(GOutputStream) out = g_memory_output_stream_new (space, sizes[i], NULL, NULL);
      g_autoptr(GError) error = NULL;
      CslZipWriter *writer = csl_zip_writer_new (out, CSL_TEST_CREATED, NULL, &error);
      gboolean ok;

      g_assert_no_error (error);
      ok = csl_zip_writer_add_bytes (writer, "a.json", small, NULL, &error) &&
           csl_zip_writer_add_bytes (writer, "b.pdf", data, NULL, &error) &&
           csl_zip_writer_add_bytes (writer, "c.pdf", data, NULL, &error) &&
           csl_zip_writer_finish (writer, &error);
      g_assert_false (ok);
      /* The stream's own error: the caller names the file (csl_bundle_create does). */
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
      csl_zip_writer_free (writer);
    }
}

static void
test_manifest_parse (void)
{
  const char *good_head = "{\"format\": 1, \"generator\": \"g\", \"created\": \"c\", "
                          "\"filing\": {\"id\": 1, \"manufacturer\": \"m\", \"uscc\": \"u\", \"model\": \"x\", \"grade\": 2}, ";
  const char *sha = "\"0000000000000000000000000000000000000000000000000000000000000000\"";
  /* "@" stands for a valid digest in the cases below. */
  struct { const char *files; const char *needle; } bad[] = {
    { "\"files\": [{\"path\": \"../x\", \"size\": 1, \"sha256\": @, \"kind\": \"other\"}]}", "climbs out" },
    { "\"files\": [{\"path\": \"a\", \"size\": 1, \"sha256\": @, \"kind\": \"other\"}, "
      "{\"path\": \"a\", \"size\": 1, \"sha256\": @, \"kind\": \"other\"}]}", "twice" },
    { "\"files\": [{\"path\": \"META-INF/signature.p7s\", \"size\": 1, \"sha256\": @, \"kind\": \"other\"}]}", "cannot cover" },
    { "\"files\": [{\"path\": \"a\", \"size\": -1, \"sha256\": @, \"kind\": \"other\"}]}", "size" },
    { "\"files\": [{\"path\": \"a\", \"size\": 1, \"sha256\": \"ABC\", \"kind\": \"other\"}]}", "hex" },
    { "\"files\": {}}", "files" },
    /* README lists the kinds; one it does not list is refused. */
    { "\"files\": [{\"path\": \"a\", \"size\": 1, \"sha256\": @, \"kind\": \"evil-kind\"}]}", "kinds the manifest format defines" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslManifest) m = csl_manifest_new ();
  g_autoptr(CslManifest) back = NULL;
  g_autoptr(GBytes) bytes = NULL;

  m->generator = g_strdup ("csl-filer test");
  m->created = g_strdup ("2026-11-21T08:00:00Z");
  m->filing_id = 7;
  m->manufacturer = g_strdup ("北京示例科技有限公司");
  m->uscc = g_strdup ("91110000600037341L");
  m->model = g_strdup ("CAM-100");
  m->grade = 3;
  csl_manifest_add_file (m, "filing.json", 12, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "filing-data");
  bytes = csl_manifest_to_bytes (m);
  back = csl_manifest_parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->manufacturer, ==, "北京示例科技有限公司");
  g_assert_cmpint (back->grade, ==, 3);
  g_assert_cmpuint (back->files->len, ==, 1);
  g_assert_cmpstr (csl_manifest_find (back, "filing.json")->kind, ==, "filing-data");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(GStrv) parts = g_strsplit (bad[i].files, "@", -1);
      g_autofree char *files = g_strjoinv (sha, parts);
      g_autofree char *text = g_strconcat (good_head, files, NULL);
      g_autoptr(GBytes) b = g_bytes_new (text, strlen (text));
      g_autoptr(CslManifest) parsed = csl_manifest_parse (b, &error);

      g_assert_null (parsed);
      g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
      if (strstr (error->message, bad[i].needle) == NULL)
        g_error ("case %u: expected “%s” in “%s”", i, bad[i].needle, error->message);
      g_clear_error (&error);
    }
  {
    g_autoptr(GBytes) b = g_bytes_new_static ("{\"format\": 3}", 13);
    g_assert_null (csl_manifest_parse (b, &error));
    g_assert_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/zip/hostile-names", test_hostile_names);
  ADD ("/zip/bombs", test_bombs);
  ADD ("/zip/damaged-files", test_damaged_files);
  ADD ("/zip/encrypted", test_encrypted);
  ADD ("/zip/writer-limits", test_writer_limits);
  g_test_add_func ("/zip/writer-out-of-space", test_writer_out_of_space);
  g_test_add_func ("/zip/manifest-parse", test_manifest_parse);
  return g_test_run ();
}
