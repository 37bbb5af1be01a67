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
 * usage: xapian-floor index DB DIR
 *        xapian-floor query DB MIXFILE REPS
 * MIXFILE lines: "id<TAB>and|or<TAB>query<TAB>from<TAB>to" (from/to are
 * YYYYMMDD or empty).  Output of query: "id<TAB>ms<TAB>hits" per run, after
 * one untimed warm-up pass over the mix.
 */
#include <xapian.h>

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

struct mixq {
    std::string id, op, text, from, to;
};

static int
do_query(const char *dbpath, const char *mixfile, int reps)
{
    Xapian::Database db(dbpath);
    Xapian::Enquire enq(db);
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_database(db);
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

int
main(int argc, char **argv)
{
    try {
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
                         "       xapian-floor query DB MIXFILE REPS\n");
    return 2;
}
