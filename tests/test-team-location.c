#include "config.h"

#include "csl-team-location.h"

/* What the app builds, remembers and shows for a team workspace: a password never survives
 * into a remembered or shown location. */

static void
test_build (void)
{
  g_autofree char *plain = csl_team_location_build ("db.example.cn", 5433, "filings", "li.wei", CSL_TLS_VERIFY_FULL);
  g_autofree char *defaults = csl_team_location_build ("db.example.cn", 0, "filings", "", CSL_TLS_DISABLE);
  g_autofree char *odd = csl_team_location_build ("db.example.cn", 0, "备案 2026", "li wei@x", CSL_TLS_REQUIRE);
  g_autofree char *socket = csl_team_location_build ("/run/postgresql", 0, "filings", "li.wei", CSL_TLS_DISABLE);

  g_assert_cmpstr (plain, ==, "postgresql://li.wei@db.example.cn:5433/filings?sslmode=verify-full");
  g_assert_cmpstr (defaults, ==, "postgresql://db.example.cn/filings?sslmode=disable");
  g_assert_cmpstr (odd, ==, "postgresql://li%20wei%40x@db.example.cn/%E5%A4%87%E6%A1%88%202026?sslmode=require");
  g_assert_cmpstr (socket, ==, "postgresql://li.wei@/filings?sslmode=disable&host=%2Frun%2Fpostgresql");
}

static void
test_is_team (void)
{
  g_assert_true (csl_team_location_is_team ("postgresql://db/filings"));
  g_assert_true (csl_team_location_is_team ("postgres://db/filings"));
  g_assert_true (csl_team_location_is_team ("service=filings"));
  g_assert_true (csl_team_location_is_team ("host=db dbname=filings"));
  g_assert_false (csl_team_location_is_team ("/home/li/filings"));
  g_assert_false (csl_team_location_is_team ("/home/li/user=odd folder"));
  g_assert_false (csl_team_location_is_team (NULL));
}

static void
test_strip_password (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "postgresql://li.wei:s3cret@db/filings", "postgresql://li.wei@db/filings" },
    { "postgresql://li.wei@db/filings?password=s3cret&sslmode=require",
      "postgresql://li.wei@db/filings?sslmode=require" },
    { "postgresql://db/filings?sslmode=require&password=s3cret", "postgresql://db/filings?sslmode=require" },
    { "postgresql://db/filings?password=s3cret", "postgresql://db/filings" },
    { "host=db dbname=filings password=s3cret user=li", "host=db dbname=filings user=li" },
    { "service=filings", "service=filings" },
    { "/home/li/filings", "/home/li/filings" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = csl_team_location_strip_password (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_with_password (void)
{
  g_autofree char *uri = csl_team_location_with_password ("postgresql://li@db/filings?sslmode=require", "p&ss w");
  g_autofree char *bare = csl_team_location_with_password ("postgresql://li@db/filings", "x");
  g_autofree char *conninfo = csl_team_location_with_password ("service=filings", "it's");
  g_autofree char *none = csl_team_location_with_password ("postgresql://li:old@db/filings", NULL);
  g_autofree char *local = csl_team_location_with_password ("/home/li/filings", "x");

  g_assert_cmpstr (uri, ==, "postgresql://li@db/filings?sslmode=require&password=p%26ss%20w");
  g_assert_cmpstr (bare, ==, "postgresql://li@db/filings?password=x");
  g_assert_cmpstr (conninfo, ==, "service=filings password='it\\'s'");
  g_assert_cmpstr (none, ==, "postgresql://li@db/filings");
  g_assert_cmpstr (local, ==, "/home/li/filings");
}

static void
test_display (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "postgresql://li.wei:s3cret@db.example.cn:5433/filings?sslmode=verify-full", "li.wei@db.example.cn/filings" },
    { "postgresql://db.example.cn/filings", "db.example.cn/filings" },
    { "postgresql:///filings?host=%2Frun%2Fpostgresql&user=li", "li@/run/postgresql/filings" },
    { "postgresql://li@/filings", "li@localhost/filings" },
    { "service=filings user=li.wei", "li.wei@filings" },
    { "host=db dbname=filings", "db/filings" },
    { "/home/li/Filings 2026", "Filings 2026" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = csl_team_location_display (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/team-location/build", test_build);
  g_test_add_func ("/team-location/is-team", test_is_team);
  g_test_add_func ("/team-location/strip-password", test_strip_password);
  g_test_add_func ("/team-location/with-password", test_with_password);
  g_test_add_func ("/team-location/display", test_display);
  return g_test_run ();
}
