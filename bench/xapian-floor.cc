/* xapian-floor.cc - the backend's floor: bare Xapian indexing and top-10.
 *
 * The benchmark's yardstick for what Xapian itself costs, with nothing of
 * Dateline around it: "index" walks a directory, feeds every .txt/.text
 * file whole to Xapian's own TermGenerator (English stemmer, STEM_SOME,
 * positions) and add_document, and commits once at the end; "query" runs a
 * prepared query mix in-process with QueryParser + Enquire and prints one
 * timing line per run.  No readers, no charset detection, no metadata, no
 * dedup: any cost Dateline adds over this is its own.  The date of an
 * article is taken from a /YYYY/MM/DD/ path (value slot 0, YYYYMMDD) only so
 * the date-filtered queries mean the same thing here as in Dateline.
 *
 * Build: g++ -O2 -std=c++17 xapian-floor.cc $(pkg-config --cflags --libs
 * xapian-core).  Not part of the project's build (bench/ is outside make).
 *
 * A third mode is a CGI, the floor of any search page built on Xapian: run
 * with no arguments and GATEWAY_INTERFACE set (a web server's CGI), it
 * opens the database named by $FLOOR_DB, parses q= from $QUERY_STRING with
 * QueryParser (English, STEM_SOME, AND), takes the top 10 and writes a bare
 * HTML list of each hit's first data line: no template, no snippets, no
 * facets.  bench/cgi-wrk.sh serves it on Omega's own database beside
 * Omega and Dateline, so the req/s of "just Xapian" is measured, not
 * guessed.
 *
 * usage: xapian-floor index DB DIR
 *        xapian-floor query DB MIXFILE REPS
 *        FLOOR_DB=DB QUERY_STRING=q=... GATEWAY_INTERFACE=CGI/1.1 xapian-floor
 * MIXFILE lines: "id<TAB>and|or<TAB>query<TAB>from<TAB>to" (from/to are
 * YYYYMMDD or empty).  Output of query: "id<TAB>ms<TAB>hits" per run, after
 * one untimed warm-up pass over the mix.
 */
#include <xapian.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

/* "YYYYMMDD" from the first /YYYY/MM/DD/ run of path components. */
static std::string
date_from_path(const std::string &p)
{
    std::vector<std::string> parts;
    std::stringstream ss(p);
    std::string c;
    while (std::getline(ss, c, '/'))
        parts.push_back(c);
    for (size_t i = 0; i + 2 < parts.size(); i++) {
        const std::string &y = parts[i], &m = parts[i + 1], &d = parts[i + 2];
        if (y.size() == 4 && m.size() == 2 && d.size() == 2 &&
            y.find_first_not_of("0123456789") == std::string::npos &&
            m.find_first_not_of("0123456789") == std::string::npos &&
            d.find_first_not_of("0123456789") == std::string::npos)
            return y + m + d;
    }
    return "";
}

static int
do_index(const char *dbpath, const char *dir)
{
    Xapian::WritableDatabase db(dbpath, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    unsigned long n = 0;
    std::string text;
    for (const auto &e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file())
            continue;
        std::string ext = e.path().extension().string();
        if (ext != ".txt" && ext != ".text")
            continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream buf;
        buf << in.rdbuf();
        text = buf.str();
        Xapian::Document doc;
        doc.set_data(e.path().string());
        std::string date = date_from_path(e.path().string());
        if (!date.empty())
            doc.add_value(0, date);
        tg.set_document(doc);
        tg.index_text(text);
        db.add_document(doc);
        n++;
    }
    db.commit();
    std::fprintf(stderr, "xapian-floor: %lu documents\n", n);
    return 0;
}

/* The floor's parser: English stems as TermGenerator wrote them. */
static Xapian::QueryParser
english_parser(const Xapian::Database &db)
{
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_database(db);
    return qp;
}

struct mixq {
    std::string id, op, text, from, to;
};

static int
do_query(const char *dbpath, const char *mixfile, int reps)
{
    Xapian::Database db(dbpath);
    Xapian::Enquire enq(db);
    Xapian::QueryParser qp = english_parser(db);
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                           Xapian::QueryParser::FLAG_WILDCARD;

    std::vector<mixq> mix;
    std::ifstream in(mixfile);
    std::string line;
    while (std::getline(in, line)) {
        mixq q;
        std::stringstream ss(line);
        std::getline(ss, q.id, '\t');
        std::getline(ss, q.op, '\t');
        std::getline(ss, q.text, '\t');
        std::getline(ss, q.from, '\t');
        std::getline(ss, q.to, '\t');
        if (!q.id.empty())
            mix.push_back(q);
    }
    for (int r = -1; r < reps; r++) {
        for (const mixq &q : mix) {
            auto t0 = std::chrono::steady_clock::now();
            qp.set_default_op(q.op == "or" ? Xapian::Query::OP_OR
                                           : Xapian::Query::OP_AND);
            Xapian::Query query = qp.parse_query(q.text, flags);
            if (!q.from.empty() || !q.to.empty()) {
                Xapian::Query range(Xapian::Query::OP_VALUE_RANGE, 0,
                                    q.from.empty() ? "00000000" : q.from,
                                    q.to.empty() ? "99999999" : q.to);
                query = Xapian::Query(Xapian::Query::OP_FILTER, query, range);
            }
            enq.set_query(query);
            Xapian::MSet m = enq.get_mset(0, 10);
            size_t got = 0;
            for (auto it = m.begin(); it != m.end(); ++it)
                got += it.get_document().get_data().size() > 0;
            auto t1 = std::chrono::steady_clock::now();
            if (r >= 0)
                std::printf("%s\t%.6f\t%zu\n", q.id.c_str(),
                            std::chrono::duration<double, std::milli>(t1 - t0)
                                .count(),
                            got);
        }
    }
    return 0;
}

/* The value of the q= parameter, URL-decoded ('+' and %XX). */
static std::string
query_param(const char *qs)
{
    std::string out;
    const char *p = qs;
    while (p != nullptr && *p != '\0') {
        const char *amp = std::strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : std::strlen(p);
        if (len >= 2 && p[0] == 'q' && p[1] == '=') {
            for (size_t i = 2; i < len; i++) {
                char c = p[i];
                if (c == '+') {
                    c = ' ';
                } else if (c == '%' && i + 2 < len &&
                           std::isxdigit((unsigned char)p[i + 1]) &&
                           std::isxdigit((unsigned char)p[i + 2])) {
                    char hex[3] = {p[i + 1], p[i + 2], '\0'};
                    c = (char)std::strtol(hex, nullptr, 16);
                    i += 2;
                }
                out += c;
            }
            return out;
        }
        p = amp ? amp + 1 : nullptr;
    }
    return out;
}

static void
put_escaped(const std::string &s)
{
    for (char c : s) {
        switch (c) {
        case '<': std::fputs("&lt;", stdout); break;
        case '>': std::fputs("&gt;", stdout); break;
        case '&': std::fputs("&amp;", stdout); break;
        case '"': std::fputs("&quot;", stdout); break;
        default: std::putchar(c);
        }
    }
}

static int
do_cgi(const char *dbpath, const char *qs)
{
    Xapian::Database db(dbpath);
    Xapian::Enquire enq(db);
    Xapian::QueryParser qp = english_parser(db);
    qp.set_default_op(Xapian::Query::OP_AND);
    std::string q = query_param(qs);
    enq.set_query(qp.parse_query(q));
    Xapian::MSet m = enq.get_mset(0, 10);
    std::fputs("Content-Type: text/html; charset=utf-8\r\n\r\n"
               "<!DOCTYPE html><title>floor</title><p>about ", stdout);
    std::printf("%u matches for ", (unsigned)m.get_matches_estimated());
    put_escaped(q);
    std::fputs("</p><ol>\n", stdout);
    for (auto it = m.begin(); it != m.end(); ++it) {
        std::string data = it.get_document().get_data();
        std::fputs("<li>", stdout);
        put_escaped(data.substr(0, data.find('\n')));
        std::fputs("</li>\n", stdout);
    }
    std::fputs("</ol>\n", stdout);
    return 0;
}

int
main(int argc, char **argv)
{
    try {
        if (argc == 1 && std::getenv("GATEWAY_INTERFACE") != nullptr &&
            std::getenv("FLOOR_DB") != nullptr) {
            const char *qs = std::getenv("QUERY_STRING");
            return do_cgi(std::getenv("FLOOR_DB"), qs ? qs : "");
        }
        if (argc == 4 && std::strcmp(argv[1], "index") == 0)
            return do_index(argv[2], argv[3]);
        if (argc == 5 && std::strcmp(argv[1], "query") == 0)
            return do_query(argv[2], argv[3],
                            (int)std::strtol(argv[4], nullptr, 10));
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian-floor: %s\n",
                     e.get_description().c_str());
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "xapian-floor: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "usage: xapian-floor index DB DIR\n"
                         "       xapian-floor query DB MIXFILE REPS\n"
                         "       FLOOR_DB=DB GATEWAY_INTERFACE=CGI/1.1 "
                         "xapian-floor   (a CGI)\n");
    return 2;
}
