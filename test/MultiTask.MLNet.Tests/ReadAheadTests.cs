using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MultiTask.MLNet.Runtime;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    public class ReadAheadTests
    {
        [Test]
        public void ItemsArriveInOrderAndTheSourcesFailureReachesTheConsumer()
        {
            Assert.That(ReadAhead.Of(Enumerable.Range(0, 1000), 4), Is.EqualTo(Enumerable.Range(0, 1000)));

            IEnumerable<int> Failing()
            {
                yield return 1;
                yield return 2;
                throw new InvalidOperationException("row 3 is bad");
            }
            var seen = new List<int>();
            var error = Assert.Throws<InvalidOperationException>(() =>
            {
                foreach (int i in ReadAhead.Of(Failing(), 4))
                    seen.Add(i);
            });
            Assert.That(error.Message, Is.EqualTo("row 3 is bad"));
            Assert.That(seen, Is.EqualTo(new[] { 1, 2 }), "the items before the failure were served");
        }

        [Test]
        public void AConsumerThatStopsEarlyStopsTheReaderAndDisposesTheSource()
        {
            int produced = 0;
            bool disposed = false;
            IEnumerable<int> Endless()
            {
                try
                {
                    for (int i = 0; ; i++)
                    {
                        Interlocked.Increment(ref produced);
                        yield return i;
                    }
                }
                finally
                {
                    disposed = true;
                }
            }
            Assert.That(ReadAhead.Of(Endless(), 3).Take(10), Is.EqualTo(Enumerable.Range(0, 10)));
            Assert.That(disposed, "the source was disposed when the consumer left");
            Assert.That(produced, Is.LessThanOrEqualTo(10 + 3 + 1), "the reader stays at most the queue's depth ahead");
        }
    }
}
