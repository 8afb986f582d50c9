// The oracle for saved attachments: Python's email package decodes the first attachment.
#include "gui_tests.hpp"

#include <QProcess>
#include <QStringList>

namespace lkmine::gui::test {

QByteArray pythonAttachment(const QString& eml) {
    QProcess p;
    p.start(QStringLiteral("python3"),
            {QStringLiteral("-c"),
             QStringLiteral("import email,email.policy,sys\n"
                            "m=email.message_from_bytes(open(sys.argv[1],'rb').read(),"
                            "policy=email.policy.default)\n"
                            "a=[p for p in m.walk() if p.get_filename()][0]\n"
                            "sys.stdout.buffer.write(a.get_payload(decode=True))"),
             eml});
    p.waitForFinished(30000);
    return p.readAllStandardOutput();
}

} // namespace lkmine::gui::test
